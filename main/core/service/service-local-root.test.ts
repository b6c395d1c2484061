/**
 * Issue 13, item 4: the renderer proposes a local folder; main accepts it only when the user picked it in the
 * native dialog (a grant) or confirmed it natively; credential, autostart and home folders are refused (also through
 * a symlink); a folder with files needs its own confirmation that says what happens to them. The CLI applies the
 * same refusals and takes --allow-nonempty instead of a question.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../ports';
import { SyncService } from './service';
import { fakeDeps } from '../testing/service-fakes';
import { useTempDirs } from '../testing/temp-dirs';

const temp = useTempDirs();

let tmp: string;
let home: string;
let t: ReturnType<typeof fakeDeps>;
let service: SyncService;
let profileId: string;
let picked: string | null;
let opened: string[];

beforeEach(async () => {
  tmp = await temp.make('odm-localroot-');
  home = path.join(tmp, 'home');
  await mkdir(home);
  t = fakeDeps(path.join(tmp, 'data'), systemClock);
  t.deps.home = home;
  opened = [];
  t.deps.shell = { chooseDirectory: async () => picked, openPath: async (p) => void opened.push(p) };
  t.store.update((db) => void (db.cloud.clientId = 'client-1'));
  service = new SyncService(t.deps);
  service.start();
  const p = await service.handlers['profile:add']({ name: 'work' });
  profileId = (await service.handlers['profile:connect']({ id: p.id })).id;
  picked = null;
});

const add = (localPath: string) => service.handlers['sync:add']({ profileId, driveId: 'drive1', itemId: 'docs', localPath });

describe('sync:add from the renderer', () => {
  it('a folder picked in the native dialog needs no question', async () => {
    picked = path.join(home, 'Mirror');
    expect(await service.handlers['dialog:chooseDirectory']({ defaultPath: null })).toBe(picked);
    await add(picked);
    expect(t.confirmer.asked).toEqual([]);
    expect(existsSync(picked)).toBe(true);
  });

  it('a typed folder needs a native confirmation; declined, nothing is added or created', async () => {
    const typed = path.join(home, 'Typed');
    t.confirmer.answer = false;
    await expect(add(typed)).rejects.toMatchObject({ code: 'cancelled' });
    expect(t.confirmer.asked.map((q) => q.title)).toEqual(['Use this folder?']);
    expect(t.confirmer.asked[0]!.message).toContain(typed);
    expect(service.getState().syncs).toEqual([]);
    expect(existsSync(typed)).toBe(false);
    t.confirmer.answer = true;
    await add(typed);
    expect(service.getState().syncs.map((s) => s.localPath)).toEqual([typed]);
  });

  it('a typed folder is refused where nobody can be asked', async () => {
    delete t.deps.confirmer;
    await expect(add(path.join(home, 'Typed'))).rejects.toMatchObject({ code: 'bad_input' });
    expect(service.getState().syncs).toEqual([]);
  });

  it('a folder with files needs the "folder that has files" confirmation, even when picked, which says what happens', async () => {
    picked = path.join(home, 'Full');
    await mkdir(picked);
    await writeFile(path.join(picked, 'notes.txt'), 'mine');
    await service.handlers['dialog:chooseDirectory']({ defaultPath: null });
    t.confirmer.answer = false;
    await expect(add(picked)).rejects.toMatchObject({ code: 'cancelled' });
    const q = t.confirmer.asked[0]!;
    expect(q.title).toBe('Mirror into a folder that has files?');
    expect(q.detail).toMatch(/conflict copy/);
    expect(q.detail).toMatch(/left alone/);
    expect(service.getState().syncs).toEqual([]);
    expect(await readdir(picked)).toEqual(['notes.txt']);
  });

  it.each(['.ssh', '.gnupg', '.aws', '.kube', '.config/autostart', 'Library/LaunchAgents', '.local/bin'])(
    'refuses ~/%s even when picked in the dialog, without asking',
    async (rel) => {
      picked = path.join(home, ...rel.split('/'));
      await service.handlers['dialog:chooseDirectory']({ defaultPath: null });
      await expect(add(picked)).rejects.toMatchObject({ code: 'bad_input' });
      expect(t.confirmer.asked).toEqual([]);
      expect(existsSync(picked)).toBe(false);
    },
  );

  it('refuses the home folder itself and a symlink that leads into ~/.ssh', async () => {
    await expect(add(home)).rejects.toMatchObject({ code: 'bad_input' });
    await mkdir(path.join(home, '.ssh'));
    await symlink(path.join(home, '.ssh'), path.join(home, 'innocent'));
    await expect(add(path.join(home, 'innocent'))).rejects.toMatchObject({ code: 'bad_input' });
    await expect(add(path.join(home, 'innocent', 'sub'))).rejects.toMatchObject({ code: 'bad_input' });
    expect(existsSync(path.join(home, '.ssh', 'sub'))).toBe(false);
  });
});

describe('sync:update from the renderer', () => {
  it('moving to a typed folder asks; keeping the same folder asks nothing', async () => {
    picked = path.join(home, 'A');
    await service.handlers['dialog:chooseDirectory']({ defaultPath: null });
    const s = await add(picked);
    await service.handlers['sync:update']({ id: s.id, localPath: picked, intervalMinutes: 5 });
    expect(t.confirmer.asked).toEqual([]);
    t.confirmer.answer = false;
    await expect(service.handlers['sync:update']({ id: s.id, localPath: path.join(home, 'B') })).rejects.toMatchObject({
      code: 'cancelled',
    });
    expect(service.getState().syncs[0]!.localPath).toBe(picked);
    await expect(service.handlers['sync:update']({ id: s.id, localPath: path.join(home, '.ssh') })).rejects.toMatchObject({
      code: 'bad_input',
    });
  });
});

describe('sync add from the command line', () => {
  const cliAdd = (localPath: string, allowNonEmpty = false) =>
    service.syncs.add({ profileId, itemId: 'docs', localPath }, { by: 'command-line', allowNonEmpty });

  it('the typed folder is the choice: no question', async () => {
    await cliAdd(path.join(home, 'Cli'));
    expect(t.confirmer.asked).toEqual([]);
  });

  it('a folder with files needs --allow-nonempty, and the refusal explains what would happen', async () => {
    const full = path.join(home, 'Full');
    await mkdir(full);
    await writeFile(path.join(full, 'x.txt'), 'x');
    const e = await cliAdd(full).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'bad_input' });
    expect((e as Error).message).toContain('--allow-nonempty');
    expect((e as Error).message).toContain('conflict copy');
    expect(service.getState().syncs).toEqual([]);
    await cliAdd(full, true);
    expect(service.getState().syncs).toHaveLength(1);
  });

  it('refuses credential folders', async () => {
    await expect(cliAdd(path.join(home, '.ssh'))).rejects.toMatchObject({ code: 'bad_input' });
  });
});

describe('sync:openLocal', () => {
  it('opens only the root of a configured sync, found by id', async () => {
    picked = path.join(home, 'Open');
    await service.handlers['dialog:chooseDirectory']({ defaultPath: null });
    const s = await add(picked);
    await service.handlers['sync:openLocal']({ id: s.id });
    expect(opened).toEqual([picked]);
    await expect(service.handlers['sync:openLocal']({ id: 'no-such-sync' })).rejects.toMatchObject({
      code: 'not_found',
    });
    expect(opened).toEqual([picked]);
  });
});
