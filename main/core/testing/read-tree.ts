/** Test support: a folder as `rel path -> utf8 content` ('/'-suffixed keys for folders), hidden files included. */
import { promises as fs } from 'node:fs';
import path from 'node:path';

export async function readTree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (rel: string): Promise<void> => {
    for (const d of await fs.readdir(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) {
        out.set(`${r}/`, '');
        await walk(r);
      } else out.set(r, await fs.readFile(path.join(dir, r), 'utf8'));
    }
  };
  await walk('');
  return out;
}
