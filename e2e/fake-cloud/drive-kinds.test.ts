import { describe, expect, it } from 'vitest';
import { useFakeCloud } from './test-support';

const h = useFakeCloud();

describe('fake cloud personal vs business drives', () => {
  it('gives personal drives 16-hex ids, CID!n item ids, and sha1/sha256 upper-case hex next to quickXorHash', async () => {
    const acc = h.cloud.control.createAccount({ kind: 'personal', tree: { 'Docs/a.txt': 'a' } });
    const token = h.cloud.control.issueAccessToken(acc.accountId);
    expect(acc.driveId).toMatch(/^[0-9a-f]{16}$/);
    const item = (await h.json(`/drives/${acc.driveId}/root:/Docs/a.txt:`, token)) as Record<string, any>;
    expect(item.id).toBe(`${acc.driveId.toUpperCase()}!${item.id.split('!')[1]}`);
    expect(item.parentReference).toMatchObject({ driveType: 'personal', path: '/drive/root:/Docs' });
    expect(Object.keys(item.file.hashes).sort()).toEqual(['quickXorHash', 'sha1Hash', 'sha256Hash']);
    expect(item.file.hashes.sha256Hash).toMatch(/^[0-9A-F]{64}$/);
  });

  it('gives business drives b! ids and quickXorHash only', async () => {
    const acc = h.cloud.control.createAccount({ kind: 'business', tree: { 'Docs/a.txt': 'a' } });
    const token = h.cloud.control.issueAccessToken(acc.accountId);
    expect(acc.driveId).toMatch(/^b!/);
    expect((await h.json('/me/drive', token)) as object).toMatchObject({ id: acc.driveId, driveType: 'business' });
    const item = (await h.json('/me/drive/root:/Docs/a.txt:', token)) as Record<string, any>;
    expect(item.id).toMatch(/^01[A-Z2-7]{32}$/);
    expect(item.parentReference.path).toBe(`/drives/${acc.driveId}/root:/Docs`);
    expect(Object.keys(item.file.hashes)).toEqual(['quickXorHash']);
  });

  it('can leave the hashes off an item, as after a fresh upload', async () => {
    const acc = h.cloud.control.createAccount({ tree: { 'new.txt': { content: 'fresh', omitHashes: true } } });
    const token = h.cloud.control.issueAccessToken(acc.accountId);
    const item = (await h.json('/me/drive/root:/new.txt:', token)) as Record<string, any>;
    expect(item.file.hashes).toBeUndefined();
    expect(item.size).toBe(5);
  });

  it('keeps each account to its own drive', async () => {
    const a = h.cloud.control.createAccount({});
    const b = h.cloud.control.createAccount({});
    const res = await h.get(`/drives/${b.driveId}/root/children`, h.cloud.control.issueAccessToken(a.accountId));
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: { code: 'accessDenied' } });
  });

  it('builds big files from a seed without changing their bytes between reads', async () => {
    const acc = h.cloud.control.createAccount({ tree: { 'Big.bin': { size: 10_000_000 } } });
    const first = h.cloud.control.content(acc.accountId, 'Big.bin');
    expect(first.length).toBe(10_000_000);
    expect(h.cloud.control.content(acc.accountId, 'Big.bin').equals(first)).toBe(true);
    expect(h.cloud.control.item(acc.accountId, 'Big.bin')?.quickXorHash).toMatch(/^[A-Za-z0-9+/]{27}=$/);
  });

  it('pages a folder of 5,000 children in name order', async () => {
    const tree: Record<string, string> = {};
    for (let i = 0; i < 5000; i++) tree[`Wide/f${String(i).padStart(4, '0')}.txt`] = String(i);
    const acc = h.cloud.control.createAccount({ tree });
    const token = h.cloud.control.issueAccessToken(acc.accountId);
    const names: string[] = [];
    let url: string | undefined = '/me/drive/root:/Wide:/children?$top=1000';
    while (url) {
      const page = (await h.json(url, token)) as { value: Array<{ name: string }>; '@odata.nextLink'?: string };
      names.push(...page.value.map((i) => i.name));
      url = page['@odata.nextLink'];
    }
    expect(names).toHaveLength(5000);
    expect(names[4999]).toBe('f4999.txt');
    h.cloud.control.rename(acc.accountId, 'Wide/f0000.txt', 'F0000.TXT');
    expect(h.cloud.control.item(acc.accountId, 'wide/f0000.txt')?.name).toBe('F0000.TXT');
  });
});
