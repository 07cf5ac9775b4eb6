import {
  CopyObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NotFound,
  PutObjectTaggingCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '#core';
import { ATTACHMENT_CLIENT_CONFIG, FileStoreAccessError, S3FileStore } from '#s3';

// Presigning is local computation: static fake credentials, and no request leaves the process.
const client = new S3Client({
  ...ATTACHMENT_CLIENT_CONFIG,
  region: 'eu-west-1',
  credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'not-a-secret' },
});
const store = new S3FileStore(client, 'gcm-attachments');
const s3 = mockClient(client);

beforeEach(() => {
  s3.reset();
});

describe('the S3 file store', () => {
  it('presigns an upload of exactly that type and length, for 15 minutes', async () => {
    const target = await store.uploadTarget(
      'attachments/uploads/A-0123456789ABCDEF',
      'application/pdf',
      1234,
    );
    const url = new URL(target.url);
    expect(url.host).toBe('gcm-attachments.s3.eu-west-1.amazonaws.com');
    expect(url.pathname).toBe('/attachments/uploads/A-0123456789ABCDEF');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^AKIDEXAMPLE\//);
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(
      expect.arrayContaining(['content-length', 'content-type', 'host']),
    );
    // No checksum of an empty body signed in: S3 would refuse the real bytes.
    expect([...url.searchParams.keys()].filter((k) => k.includes('checksum'))).toEqual([]);
    expect(target.headers).toEqual({ 'Content-Type': 'application/pdf' });
    const lifetime = Date.parse(target.expiresAt) - Date.now();
    expect(lifetime).toBeGreaterThan(890_000);
    expect(lifetime).toBeLessThanOrEqual(900_000);
  });

  it('presigns a 5-minute download under the file name, typed', async () => {
    const download = await store.downloadUrl(
      'attachments/files/A-0123456789ABCDEF',
      'Rapport national 2026 – annexe.pdf',
      'application/pdf',
    );
    const url = new URL(download.url);
    expect(url.host).toBe('gcm-attachments.s3.eu-west-1.amazonaws.com');
    expect(url.pathname).toBe('/attachments/files/A-0123456789ABCDEF');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(url.searchParams.get('response-content-type')).toBe('application/pdf');
    expect(url.searchParams.get('response-content-disposition')).toBe(
      `attachment; filename="Rapport national 2026 _ annexe.pdf"; filename*=UTF-8''Rapport%20national%202026%20%E2%80%93%20annexe.pdf`,
    );
  });

  it('measures an upload and reads its first bytes from that very version', async () => {
    s3.on(HeadObjectCommand).resolves({ ContentLength: 1234, ETag: '"abc"' });
    s3.on(GetObjectCommand).resolves({
      Body: { transformToByteArray: async () => new TextEncoder().encode('%PDF-1.7') },
    } as never);
    const head = await store.head('attachments/uploads/A-0123456789ABCDEF');
    expect(head).toEqual({
      size: 1234,
      firstBytes: new TextEncoder().encode('%PDF-1.7'),
      revision: '"abc"',
    });
    expect(s3).toHaveReceivedCommandWith(GetObjectCommand, {
      Bucket: 'gcm-attachments',
      Key: 'attachments/uploads/A-0123456789ABCDEF',
      Range: 'bytes=0-15',
      IfMatch: '"abc"',
    });
  });

  it('says nothing is there when nothing was uploaded', async () => {
    s3.on(HeadObjectCommand).rejects(new NotFound({ message: 'NotFound', $metadata: {} }));
    expect(await store.head('attachments/uploads/A-0123456789ABCDEF')).toBeUndefined();
  });

  it('says nothing is there on any 404, whichever class the SDK made of it', async () => {
    // A HEAD answer has no body: the error may come back named for the status alone.
    s3.on(HeadObjectCommand).rejects(
      new S3ServiceException({
        name: '404',
        $fault: 'client',
        $metadata: { httpStatusCode: 404 },
      }),
    );
    expect(await store.head('attachments/uploads/A-0123456789ABCDEF')).toBeUndefined();
    expect(s3).not.toHaveReceivedCommand(GetObjectCommand);
  });

  it('never takes a 403 for a missing upload: it surfaces as an access fault', async () => {
    // With s3:ListBucket granted for the prefix, S3 answers a missing key 404; a 403 means the
    // role or the bucket policy is wrong, and must not read as "upload it first" (409).
    const denied = new S3ServiceException({
      name: 'Forbidden',
      $fault: 'client',
      $metadata: { httpStatusCode: 403 },
    });
    s3.on(HeadObjectCommand).rejects(denied);
    const failure = await store.head('attachments/uploads/A-0123456789ABCDEF').catch((e) => e);
    expect(failure).toBeInstanceOf(FileStoreAccessError);
    expect(failure).not.toBeInstanceOf(ConflictError);
    expect(failure.cause).toBe(denied);
    expect(failure.message).toMatch(/s3:ListBucket/);
  });

  it('keeps the checked version only: a later upload makes the copy a conflict', async () => {
    s3.on(CopyObjectCommand)
      .resolvesOnce({})
      .rejects(
        new S3ServiceException({
          name: 'PreconditionFailed',
          $fault: 'client',
          $metadata: { httpStatusCode: 412 },
        }),
      );
    await store.keep('attachments/uploads/A-1', 'attachments/files/A-1', '"abc"');
    expect(s3).toHaveReceivedCommandWith(CopyObjectCommand, {
      Bucket: 'gcm-attachments',
      Key: 'attachments/files/A-1',
      CopySource: 'gcm-attachments/attachments/uploads/A-1',
      CopySourceIfMatch: '"abc"',
    });
    await expect(
      store.keep('attachments/uploads/A-1', 'attachments/files/A-1', '"abc"'),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it('keeps a copy marked unbound, so the lifecycle deletes it unless it is attached', async () => {
    s3.on(CopyObjectCommand).resolves({});
    await store.keep('attachments/uploads/A-1', 'attachments/files/A-1', '"abc"');
    expect(s3).toHaveReceivedCommandWith(CopyObjectCommand, {
      TaggingDirective: 'REPLACE',
      Tagging: 'state=unbound',
    });
  });

  it('marks an attached file bound, which the lifecycle leaves alone', async () => {
    s3.on(PutObjectTaggingCommand).resolves({});
    await store.retain('attachments/files/A-1');
    expect(s3).toHaveReceivedCommandWith(PutObjectTaggingCommand, {
      Bucket: 'gcm-attachments',
      Key: 'attachments/files/A-1',
      Tagging: { TagSet: [{ Key: 'state', Value: 'bound' }] },
    });
  });
});
