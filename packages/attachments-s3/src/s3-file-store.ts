import {
  CopyObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  PutObjectTaggingCommand,
  type S3Client,
  type S3ClientConfig,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  ATTACHMENT_STATE_TAG,
  ConflictError,
  contentDisposition,
  DOWNLOAD_URL_SECONDS,
  type FileStore,
  SIGNATURE_BYTES,
  UPLOAD_URL_SECONDS,
} from '#core';

/**
 * Settings every S3 client of the file store needs. Without them the SDK signs a checksum of an
 * empty body into presigned uploads (which S3 then refuses for the real bytes), and would check
 * a whole-object checksum against a ranged read.
 */
export const ATTACHMENT_CLIENT_CONFIG: S3ClientConfig = {
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
};

/**
 * S3 refused to say whether an object is there. With `s3:ListBucket` granted on the attachments'
 * prefix, S3 answers a missing key with 404; a 403 is then a real permission problem (a role or
 * bucket policy gone wrong), never "nothing uploaded yet", and must reach the logs as a fault.
 */
export class FileStoreAccessError extends Error {
  override readonly name = 'FileStoreAccessError';
  constructor(key: string, options: { cause: unknown }) {
    super(
      `S3 denied HeadObject on ${key}: check that the function holds s3:GetObject on the key and s3:ListBucket on the bucket for its prefix`,
      options,
    );
  }
}

/**
 * Attachments' bytes in a private S3 bucket. Clients move them with presigned URLs, the API
 * never: an upload URL signs the content type and exact length, a download URL names the file.
 */
export class S3FileStore implements FileStore {
  readonly #client: S3Client;
  readonly #bucket: string;

  constructor(client: S3Client, bucket: string) {
    this.#client = client;
    this.#bucket = bucket;
  }

  async uploadTarget(key: string, contentType: string, size: number) {
    const url = await getSignedUrl(
      this.#client,
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: key,
        ContentType: contentType,
        ContentLength: size,
      }),
      // Signed, so S3 refuses any other type or length (content-length is signed by default).
      { expiresIn: UPLOAD_URL_SECONDS, signableHeaders: new Set(['content-type']) },
    );
    return {
      url,
      headers: { 'Content-Type': contentType },
      expiresAt: inSeconds(UPLOAD_URL_SECONDS),
    };
  }

  async head(key: string) {
    let head: { ContentLength?: number | undefined; ETag?: string | undefined };
    try {
      head = await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: key }));
    } catch (error) {
      if (isMissing(error)) return undefined;
      if (isDenied(error)) throw new FileStoreAccessError(key, { cause: error });
      throw error;
    }
    const revision = head.ETag ?? '';
    // The first bytes of the very object just measured (If-Match), not of a later upload.
    const first = await this.#client
      .send(
        new GetObjectCommand({
          Bucket: this.#bucket,
          Key: key,
          Range: `bytes=0-${SIGNATURE_BYTES - 1}`,
          IfMatch: revision || undefined,
        }),
      )
      .catch((error: unknown) => {
        throw changedMeanwhile(error);
      });
    const firstBytes = first.Body ? await first.Body.transformToByteArray() : new Uint8Array();
    return { size: head.ContentLength ?? 0, firstBytes, revision };
  }

  async keep(from: string, to: string, revision: string): Promise<void> {
    try {
      await this.#client.send(
        new CopyObjectCommand({
          Bucket: this.#bucket,
          Key: to,
          CopySource: `${this.#bucket}/${from}`,
          CopySourceIfMatch: revision,
          MetadataDirective: 'COPY',
          // Replaced, not copied: copying the source's tags would need s3:GetObjectTagging.
          TaggingDirective: 'REPLACE',
          Tagging: `${ATTACHMENT_STATE_TAG.key}=${ATTACHMENT_STATE_TAG.unbound}`,
        }),
      );
    } catch (error) {
      throw changedMeanwhile(error);
    }
  }

  async retain(key: string): Promise<void> {
    // Retagged, not untagged: PutObjectTagging is the one tagging permission the API holds.
    await this.#client.send(
      new PutObjectTaggingCommand({
        Bucket: this.#bucket,
        Key: key,
        Tagging: {
          TagSet: [{ Key: ATTACHMENT_STATE_TAG.key, Value: ATTACHMENT_STATE_TAG.bound }],
        },
      }),
    );
  }

  async downloadUrl(key: string, filename: string, contentType: string) {
    const url = await getSignedUrl(
      this.#client,
      new GetObjectCommand({
        Bucket: this.#bucket,
        Key: key,
        ResponseContentDisposition: contentDisposition(filename),
        ResponseContentType: contentType,
      }),
      { expiresIn: DOWNLOAD_URL_SECONDS },
    );
    return { url, expiresAt: inSeconds(DOWNLOAD_URL_SECONDS) };
  }
}

/** Nothing at the key: S3's 404, whichever class the SDK gave it (a HEAD answer has no body). */
function isMissing(error: unknown): boolean {
  return (
    error instanceof NotFound ||
    error instanceof NoSuchKey ||
    (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404)
  );
}

function isDenied(error: unknown): boolean {
  return error instanceof S3ServiceException && error.$metadata.httpStatusCode === 403;
}

/** S3's answer to a failed If-Match, as the core's conflict; anything else as it came. */
function changedMeanwhile(error: unknown): unknown {
  if (error instanceof S3ServiceException && error.name === 'PreconditionFailed') {
    return new ConflictError('the upload changed while it was being checked; complete it again', {
      cause: error,
    });
  }
  return error;
}

function inSeconds(seconds: number): string {
  return new Date(Date.now() + seconds * 1000).toISOString();
}
