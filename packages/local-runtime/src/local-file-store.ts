import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import type { AttachmentContent, ContentUpload } from '#api';
import {
  ConflictError,
  contentDisposition,
  DOWNLOAD_URL_SECONDS,
  type FileStore,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
  SIGNATURE_BYTES,
  UPLOAD_URL_SECONDS,
  type UploadTarget,
} from '#core';

export interface LocalFileStoreOptions {
  /** The folder the bytes live in (created when first written to). */
  root: string;
  /** The local API's URL: uploads and downloads go through its local-only routes. */
  baseUrl: string;
  /**
   * Real time, not the runtime's clock: how long a URL lives is a matter of transport, and a
   * clock running a day a second would end every URL before its first byte.
   */
  now?: () => number;
}

/** Keys are the core's: words, slashes, hyphens. Anything else never names a file here. */
const SAFE_KEY = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;

/**
 * Attachments' bytes in a folder, for the local runtime: S3's part, with URLs to the local API
 * signed by an HMAC key made at start-up (so a URL dies with the process that gave it out).
 */
export class LocalFileStore implements FileStore, AttachmentContent {
  readonly #root: string;
  readonly #baseUrl: string;
  readonly #now: () => number;
  readonly #secret = randomBytes(32);

  constructor(options: LocalFileStoreOptions) {
    this.#root = resolve(options.root);
    this.#baseUrl = options.baseUrl.replace(/\/$/, '');
    this.#now = options.now ?? Date.now;
  }

  async uploadTarget(key: string, contentType: string, size: number): Promise<UploadTarget> {
    const { url, expiresAt } = this.#signedUrl('PUT', key, UPLOAD_URL_SECONDS, {
      type: contentType,
      size: String(size),
    });
    return { url, headers: { 'Content-Type': contentType }, expiresAt };
  }

  async downloadUrl(key: string, filename: string, contentType: string) {
    return this.#signedUrl('GET', key, DOWNLOAD_URL_SECONDS, { type: contentType, filename });
  }

  async head(key: string) {
    const path = this.#path(key);
    const stats = await stat(path).catch(() => undefined);
    if (!stats?.isFile()) return undefined;
    const handle = await open(path, 'r');
    try {
      const buffer = new Uint8Array(SIGNATURE_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, SIGNATURE_BYTES, 0);
      return {
        size: stats.size,
        firstBytes: buffer.subarray(0, bytesRead),
        revision: `${stats.size}-${stats.mtimeMs}`,
      };
    } finally {
      await handle.close();
    }
  }

  async keep(from: string, to: string, revision: string): Promise<void> {
    // Locally one process holds the folder: a check just before the copy is enough.
    if ((await this.head(from))?.revision !== revision)
      throw new ConflictError('the upload changed while it was being checked; complete it again');
    const target = this.#path(to);
    await mkdir(dirname(target), { recursive: true });
    await copyFile(this.#path(from), target);
  }

  async retain(_key: string): Promise<void> {
    // Nothing to do: locally no file is deleted by age, bound or not; the folder is the
    // developer's to clear.
  }

  async receive(id: string, query: Record<string, string>, upload: ContentUpload): Promise<void> {
    const key = this.#verify('PUT', id, query);
    const size = Number(query.size);
    // The headers S3 would find signed: another type or length is refused before a byte is kept.
    if (upload.contentType !== query.type) {
      throw new InvalidInputError([
        { in: 'header', pointer: '/Content-Type', message: `must be ${query.type}, as declared` },
      ]);
    }
    if (upload.contentLength !== undefined && Number(upload.contentLength) !== size) {
      throw new InvalidInputError([
        { in: 'header', pointer: '/Content-Length', message: `must be ${size}, the size declared` },
      ]);
    }
    const path = this.#path(key);
    await mkdir(dirname(path), { recursive: true });
    const partial = `${path}.${randomBytes(6).toString('hex')}.part`;
    const written = await writeAtMost(partial, upload.body, size).catch(async (error) => {
      await rm(partial, { force: true });
      throw error;
    });
    if (written !== size) {
      await rm(partial, { force: true });
      throw new InvalidInputError([
        { pointer: '', message: `the body has ${written} bytes; ${size} were declared` },
      ]);
    }
    // Whole or not at all: a reader never sees half a file.
    await rename(partial, path);
  }

  async open(id: string, query: Record<string, string>) {
    const key = this.#verify('GET', id, query);
    const path = this.#path(key);
    const stats = await stat(path).catch(() => undefined);
    if (!stats?.isFile()) throw new NotFoundError('file of attachment', id);
    return {
      body: Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>,
      size: stats.size,
      contentType: query.type ?? 'application/octet-stream',
      contentDisposition: contentDisposition(query.filename ?? id),
    };
  }

  #signedUrl(method: 'PUT' | 'GET', key: string, seconds: number, extra: Record<string, string>) {
    const expires = Math.floor(this.#now() / 1000) + seconds;
    const params = { key, expires: String(expires), ...extra };
    const query = new URLSearchParams({ ...params, signature: this.#sign(method, params) });
    return {
      url: `${this.#baseUrl}/v1/attachments/${idOf(key)}/content?${query}`,
      expiresAt: new Date(expires * 1000).toISOString(),
    };
  }

  /** The key a URL names, if this store signed it for this method and it has not expired. */
  #verify(method: 'PUT' | 'GET', id: string, query: Record<string, string>): string {
    const { signature = '', ...params } = query;
    const expected = Buffer.from(this.#sign(method, params));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw new ForbiddenError('the URL is not one this server signed, or was altered');
    if (Number(params.expires) * 1000 < this.#now())
      throw new ForbiddenError('the URL has expired; ask for a new one');
    const key = params.key ?? '';
    if (idOf(key) !== id) throw new ForbiddenError('the URL was signed for another attachment');
    return key;
  }

  /** HMAC-SHA256 of the method and the parameters, in a fixed order. */
  #sign(method: string, params: Record<string, string>): string {
    const canonical = Object.entries(params)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, value]) => `${name}=${value}`)
      .join('\n');
    return createHmac('sha256', this.#secret).update(`${method}\n${canonical}`).digest('hex');
  }

  #path(key: string): string {
    const path = resolve(this.#root, key);
    if (!SAFE_KEY.test(key) || !path.startsWith(this.#root + sep))
      throw new Error(`not a file store key: ${key}`);
    return path;
  }
}

function idOf(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

/** Writes the body to `path`, refusing it as soon as it passes `limit` bytes; returns the count. */
async function writeAtMost(
  path: string,
  body: ReadableStream<Uint8Array> | null,
  limit: number,
): Promise<number> {
  const handle = await open(path, 'wx');
  let written = 0;
  try {
    if (body) {
      for await (const chunk of body) {
        written += chunk.byteLength;
        if (written > limit) {
          throw new InvalidInputError([
            { pointer: '', message: `the body has more than the ${limit} bytes declared` },
          ]);
        }
        await handle.write(chunk);
      }
    }
  } finally {
    await handle.close();
  }
  return written;
}
