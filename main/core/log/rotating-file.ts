/**
 * An append-only log file that rotates by size: `<name>.log` becomes `<name>.log.1`, `.1` becomes `.2`, ...
 * and the oldest beyond `keep` is dropped. Writes are synchronous (a log line is tiny; nothing is lost when
 * the process dies right after), and never throw: logging must not take the app down.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ensurePrivateDirSync } from '../data-dir';

export interface RotatingFileOptions {
  dir: string;
  name: string;
  /** Rotate when the file would grow beyond this (default 5 MB). */
  maxBytes?: number;
  /** Rotated files kept besides the current one (default 5). */
  keep?: number;
  /** How often to check that the file still exists (someone deleted or moved it); default 1 s. */
  checkEveryMs?: number;
}

export class RotatingFile {
  readonly file: string;
  private fd: number | null = null;
  private size = 0;
  private readonly maxBytes: number;
  private readonly keep: number;
  /** Lines lost to write errors (full disk, removed dir); reported on the next good write. */
  private dropped = 0;
  private readonly checkEveryMs: number;
  private checkedAt = 0;
  private ino = 0;

  constructor(o: RotatingFileOptions) {
    this.file = path.join(o.dir, `${o.name}.log`);
    this.maxBytes = o.maxBytes ?? 5 * 1024 * 1024;
    this.keep = o.keep ?? 5;
    this.checkEveryMs = o.checkEveryMs ?? 1_000;
    this.openFile();
  }

  write(line: string): void {
    try {
      if (this.fd !== null) this.reopenIfGone();
      if (this.fd === null) this.openFile();
      const bytes = Buffer.byteLength(line);
      if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
      if (this.dropped > 0) {
        const note = `{"level":"warn","msg":"log lines lost to write errors","count":${this.dropped}}\n`;
        this.dropped = 0;
        this.size += fs.writeSync(this.fd!, note);
      }
      this.size += fs.writeSync(this.fd!, line);
    } catch {
      this.dropped++;
      this.closeFd();
    }
  }

  close(): void {
    this.closeFd();
  }

  private openFile(): void {
    ensurePrivateDirSync(path.dirname(this.file));
    this.fd = fs.openSync(this.file, 'a', 0o600);
    const stat = fs.fstatSync(this.fd);
    this.size = stat.size;
    this.ino = stat.ino;
    this.checkedAt = Date.now();
  }

  /** Lines written to a deleted file are lost without an error: notice it and start a new file. */
  private reopenIfGone(): void {
    const now = Date.now();
    if (now - this.checkedAt < this.checkEveryMs) return;
    this.checkedAt = now;
    let ino = -1;
    try {
      ino = fs.statSync(this.file).ino;
    } catch {
      // gone
    }
    if (ino !== this.ino) this.closeFd();
  }

  private closeFd(): void {
    if (this.fd === null) return;
    try {
      fs.closeSync(this.fd);
    } catch {
      // already gone
    }
    this.fd = null;
  }

  private rotate(): void {
    this.closeFd();
    fs.rmSync(`${this.file}.${this.keep}`, { force: true });
    for (let i = this.keep - 1; i >= 1; i--) renameIfExists(`${this.file}.${i}`, `${this.file}.${i + 1}`);
    if (this.keep > 0) renameIfExists(this.file, `${this.file}.1`);
    else fs.rmSync(this.file, { force: true });
    this.openFile();
  }
}

function renameIfExists(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}
