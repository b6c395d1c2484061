import { describe, expect, it } from 'vitest';
import { makeItem } from '../../test/builders';
import { crumbTrail, describeSize, displayName, filterItems, sortItems } from './browse-logic';

const folder = (name: string) => makeItem({ id: name, name, kind: 'folder', path: `/${name}`, childCount: 2 });
const file = (name: string, size = 10) => makeItem({ id: name, name, kind: 'file', path: `/${name}`, size, childCount: null });

describe('browse logic', () => {
  it('lists folders first, then names in natural order', () => {
    const sorted = sortItems([file('file10'), folder('b'), file('file2'), folder('A')]);
    expect(sorted.map((i) => i.name)).toEqual(['A', 'b', 'file2', 'file10']);
  });
  it('filters the current folder ignoring case and accents', () => {
    const items = [file('Résumé.docx'), file('notes.txt'), folder('Resumes')];
    expect(filterItems(items, 'resum').map((i) => i.name)).toEqual(['Résumé.docx', 'Resumes']);
    expect(filterItems(items, '  ')).toHaveLength(3);
  });
  it('builds a crumb trail ending at the current folder once', () => {
    const root = makeItem({ id: 'root', name: 'root', path: '/' });
    const docs = folder('Docs');
    expect(crumbTrail([root, docs], docs).map((i) => i.id)).toEqual(['root', 'Docs']);
    expect(crumbTrail([root], docs).map((i) => i.id)).toEqual(['root', 'Docs']);
    expect(displayName(root, true)).toBe('OneDrive');
  });
  it('describes sizes of files and folders', () => {
    expect(describeSize(file('a', 2048))).toBe('2.0 KB');
    expect(describeSize({ ...folder('x'), size: 1024 })).toBe('2 items · 1.0 KB');
    expect(describeSize({ ...folder('x'), childCount: 1 })).toBe('1 item');
  });
});
