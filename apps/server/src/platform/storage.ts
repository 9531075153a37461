import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import fsSync from 'node:fs';
import path from 'node:path';

/** Where uploaded files (product images, ...) live. Local disk now; an object store can implement the same. */
export interface FileStorage {
  /** Stores `data` under `key` (replacing any file there) and returns its public URL. */
  put(key: string, data: Buffer, contentType: string): Promise<StoredFile>;
  /** Removes the file; a missing file is not an error. */
  delete(key: string): Promise<void>;
  /** The file's bytes, or undefined when there is none. */
  get(key: string): Promise<Buffer | undefined>;
  /** The public URL of a key (whether or not the file exists). */
  urlFor(key: string): string;
}

export interface StoredFile {
  key: string;
  url: string;
}

const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*(\/[A-Za-z0-9][A-Za-z0-9_.-]*)*$/;

/** Keys are relative paths of safe segments: no '..', no absolute paths, no odd characters. */
export function assertStorageKey(key: string): void {
  if (key.length > 300 || !KEY_PATTERN.test(key) || key.split('/').some((part) => part === '..' || part.startsWith('.'))) {
    throw new RangeError(`invalid storage key: ${JSON.stringify(key)}`);
  }
}

/** A random key under `prefix`, e.g. products/12/3f9a…c1.png. */
export function randomKey(prefix: string, extension: string): string {
  return `${prefix}/${crypto.randomBytes(16).toString('hex')}.${extension}`;
}

/** Files under `rootDir`, served by the HTTP layer at `publicPrefix` (e.g. /uploads). */
export class LocalDiskStorage implements FileStorage {
  readonly rootDir: string;
  readonly publicPrefix: string;

  constructor(options: { rootDir: string; publicPrefix?: string }) {
    this.rootDir = path.resolve(options.rootDir);
    this.publicPrefix = (options.publicPrefix ?? '/uploads').replace(/\/+$/, '');
    fsSync.mkdirSync(this.rootDir, { recursive: true });
  }

  #pathOf(key: string): string {
    assertStorageKey(key);
    return path.join(this.rootDir, ...key.split('/'));
  }

  async put(key: string, data: Buffer, _contentType: string): Promise<StoredFile> {
    const file = this.#pathOf(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${crypto.randomBytes(4).toString('hex')}.part`;
    await fs.writeFile(temporary, data);
    await fs.rename(temporary, file);
    return { key, url: this.urlFor(key) };
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.#pathOf(key), { force: true });
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await fs.readFile(this.#pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  urlFor(key: string): string {
    assertStorageKey(key);
    return `${this.publicPrefix}/${key}`;
  }
}

export type ImageType = 'png' | 'jpeg' | 'webp' | 'gif';
export const IMAGE_CONTENT_TYPES: Record<ImageType, string> = {
  png: 'image/png',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
};

/** The image type by the file's own bytes (its signature), whatever name or header it came with. */
export function detectImageType(data: Buffer): ImageType | undefined {
  const ascii = (start: number, end: number) => data.subarray(start, end).toString('latin1');
  if (data.length >= 24 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) && ascii(12, 16) === 'IHDR') {
    return 'png';
  }
  if (data.length >= 4 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'jpeg';
  if (data.length >= 16 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP' && ascii(12, 15) === 'VP8') return 'webp';
  if (data.length >= 10 && (ascii(0, 6) === 'GIF87a' || ascii(0, 6) === 'GIF89a')) return 'gif';
  return undefined;
}
