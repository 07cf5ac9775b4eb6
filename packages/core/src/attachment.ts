import { z } from 'zod';

/**
 * Attachments: the documents a national report travels with (the report itself, laws, tables,
 * pictures). The client declares a file, uploads its bytes straight to the file store, then
 * completes it; the server checks what arrived before anything may refer to it.
 */

/** Largest file accepted: national reports with annexes, not data dumps. */
export const MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024;

/**
 * How long a completed file that nothing refers to is kept: its record (the table's TTL, from
 * completion) and its bytes (the store's clean-up of files still marked unbound). Attaching it
 * keeps both for good; after this, it can no longer be attached, and is uploaded again.
 */
export const UNBOUND_ATTACHMENT_DAYS = 7;

/** How long a declared upload may stay uncompleted: its PENDING record and its uploaded bytes. */
export const PENDING_ATTACHMENT_DAYS = 1;

/** The moment a completed but unattached file stops being attachable. */
export function unboundUntil(completedAt: string): Date {
  return new Date(Date.parse(completedAt) + UNBOUND_ATTACHMENT_DAYS * 86_400_000);
}

/** Most attachments one entry or one submission may carry. */
export const MAX_ATTACHMENTS_PER_ITEM = 20;

/** The content types accepted, the file name extensions that go with each, and how each begins. */
export const ATTACHMENT_TYPES = {
  'application/pdf': { extensions: ['.pdf'], signature: [bytes('%PDF-')] },
  // Office Open XML documents are zip archives.
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    extensions: ['.docx'],
    signature: [bytes('PK\x03\x04')],
  },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    extensions: ['.xlsx'],
    signature: [bytes('PK\x03\x04')],
  },
  'image/png': { extensions: ['.png'], signature: [bytes('\x89PNG\r\n\x1a\n')] },
  'image/jpeg': { extensions: ['.jpg', '.jpeg'], signature: [bytes('\xff\xd8\xff')] },
  // RIFF, four bytes of length, WEBP.
  'image/webp': { extensions: ['.webp'], signature: [bytes('RIFF'), null, bytes('WEBP')] },
} as const satisfies Record<
  string,
  { extensions: readonly string[]; signature: ReadonlyArray<Uint8Array | null> }
>;
export type AttachmentContentType = keyof typeof ATTACHMENT_TYPES;
export const ATTACHMENT_CONTENT_TYPES = Object.keys(ATTACHMENT_TYPES) as [
  AttachmentContentType,
  ...AttachmentContentType[],
];

/** How many leading bytes the signature check needs (WebP's is the longest: 12). */
export const SIGNATURE_BYTES = 16;

/** Id of an attachment, given out by the server: `A-` and 16 hex digits. */
export const AttachmentId = z
  .string()
  .regex(/^A-[0-9A-F]{16}$/, 'is not an attachment id the server gave out');

const Filename = z
  .string()
  .min(1)
  .max(200)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it refuses
  .refine((name) => !/[/\\\u0000-\u001f\u007f]/.test(name), {
    message: 'must not contain path separators or control characters',
  })
  .refine((name) => name.trim() === name && !/^\.+$/.test(name), {
    message: 'must not start or end with spaces, nor be only dots',
  });

/** What a client declares before uploading: the file's name, type and exact size in bytes. */
export const AttachmentRequest = z
  .object({
    filename: Filename,
    contentType: z.enum(ATTACHMENT_CONTENT_TYPES, {
      message: `must be one of ${ATTACHMENT_CONTENT_TYPES.join(', ')}`,
    }),
    size: z
      .number()
      .int()
      .min(1, 'an empty file is not an attachment')
      .max(MAX_ATTACHMENT_BYTES, `must be at most ${MAX_ATTACHMENT_BYTES} bytes (25 MB)`),
  })
  .superRefine(({ filename, contentType }, ctx) => {
    const { extensions } = ATTACHMENT_TYPES[contentType];
    const lower = filename.toLowerCase();
    if (!extensions.some((extension) => lower.endsWith(extension))) {
      ctx.addIssue({
        code: 'custom',
        path: ['filename'],
        message: `must end with ${extensions.join(' or ')} for ${contentType}`,
      });
    }
  });
export type AttachmentRequest = z.infer<typeof AttachmentRequest>;

/** What an attachment is attached to: a respondent's submission (and its entries) in a cycle. */
export interface AttachmentTarget {
  cycleId: string;
  entityId: string;
}

/** An attachment as stored. Its bytes live in the file store under `attachmentFileKeys`. */
export interface Attachment extends AttachmentRequest {
  id: string;
  status: 'PENDING' | 'COMPLETE';
  /** The uploader's sub: only they may complete it, or attach it while it is unbound. */
  uploadedBy: string;
  createdAt: string;
  completedAt?: string | undefined;
  /** Set once, by the first write that refers to it; it never moves to another target. */
  attachedTo?: AttachmentTarget | undefined;
}

/**
 * Where an attachment's bytes live. The client uploads to `upload`, which expires unless
 * completed; completing copies the checked bytes to `file`, so that an upload URL still valid
 * after completion can never change what readers download.
 */
export const attachmentFileKeys = {
  prefix: 'attachments/',
  uploadPrefix: 'attachments/uploads/',
  filePrefix: 'attachments/files/',
  upload: (id: string) => `attachments/uploads/${id}`,
  file: (id: string) => `attachments/files/${id}`,
};

/**
 * The tag a kept file carries until it is attached, where the file store tags (S3): the bucket's
 * lifecycle expires files still `state=unbound`, so a completed file nothing refers to goes.
 */
export const ATTACHMENT_STATE_TAG = {
  key: 'state',
  unbound: 'unbound',
  bound: 'bound',
} as const;

/** Whether the first bytes of a file are what its content type begins with. */
export function hasSignatureOf(
  contentType: AttachmentContentType,
  firstBytes: Uint8Array,
): boolean {
  let offset = 0;
  for (const part of ATTACHMENT_TYPES[contentType].signature) {
    if (part === null) {
      offset += 4;
      continue;
    }
    if (firstBytes.length < offset + part.length) return false;
    if (part.some((byte, i) => firstBytes[offset + i] !== byte)) return false;
    offset += part.length;
  }
  return true;
}

/**
 * A `Content-Disposition` that downloads the file under its name (RFC 6266): an ASCII fallback
 * for old clients and the exact UTF-8 name for the rest.
 */
export function contentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const exact = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${exact}`;
}

/** An attachment id a request refers to, and where in the request (a JSON Pointer). */
export interface AttachmentRef {
  id: string;
  pointer: string;
}

/**
 * Every attachment a submission or contribution body refers to, with its pointer:
 * `/attachments/i` and `/entries/i/attachments/j`.
 */
export function attachmentRefs(input: {
  attachments?: readonly string[] | undefined;
  entries?: ReadonlyArray<{ attachments?: readonly string[] | undefined }> | undefined;
}): AttachmentRef[] {
  return [
    ...(input.attachments ?? []).map((id, i) => ({ id, pointer: `/attachments/${i}` })),
    ...(input.entries ?? []).flatMap((entry, i) =>
      (entry.attachments ?? []).map((id, j) => ({ id, pointer: `/entries/${i}/attachments/${j}` })),
    ),
  ];
}

function bytes(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** How long the URL to upload an attachment's bytes lives (S3 presigned in AWS, signed locally). */
export const UPLOAD_URL_SECONDS = 15 * 60;
/** How long a download URL lives: long enough to start the download, short enough not to be passed on. */
export const DOWNLOAD_URL_SECONDS = 5 * 60;
