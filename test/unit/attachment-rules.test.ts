import { describe, expect, it } from 'vitest';
import {
  type Attachment,
  AttachmentDesk,
  type AttachmentDeskDeps,
  AttachmentRequest,
  attachmentRefs,
  contentDisposition,
  hasSignatureOf,
  MAX_ATTACHMENT_BYTES,
} from '#core';

const bytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const issuesOf = (value: unknown) =>
  AttachmentRequest.safeParse(value).error?.issues.map((i) => `/${i.path.join('/')}`) ?? [];

describe('an attachment request', () => {
  const pdf = { filename: 'Rapport national.pdf', contentType: 'application/pdf', size: 1 };

  it('takes a document of an accepted type, whose name fits it, up to 25 MB', () => {
    expect(issuesOf(pdf)).toEqual([]);
    expect(issuesOf({ ...pdf, size: MAX_ATTACHMENT_BYTES })).toEqual([]);
    expect(issuesOf({ filename: 'PHOTO.JPEG', contentType: 'image/jpeg', size: 10 })).toEqual([]);
  });

  it('names the field at fault', () => {
    expect(issuesOf({ ...pdf, size: 0 })).toEqual(['/size']);
    expect(issuesOf({ ...pdf, size: MAX_ATTACHMENT_BYTES + 1 })).toEqual(['/size']);
    expect(issuesOf({ ...pdf, size: 1.5 })).toEqual(['/size']);
    expect(issuesOf({ ...pdf, contentType: 'application/zip' })).toEqual(['/contentType']);
    expect(issuesOf({ ...pdf, filename: 'report.docx' })).toEqual(['/filename']);
    for (const filename of ['../etc/passwd.pdf', 'a\\b.pdf', 'a\u0000.pdf', '', ' a.pdf', '..']) {
      expect(issuesOf({ ...pdf, filename })).toContain('/filename');
    }
    expect(issuesOf({ ...pdf, filename: `${'x'.repeat(197)}.pdf` })).toEqual(['/filename']);
  });
});

describe('a file’s first bytes', () => {
  it('must be those of its content type', () => {
    expect(hasSignatureOf('application/pdf', bytes('%PDF-1.7\n'))).toBe(true);
    expect(hasSignatureOf('application/pdf', bytes('PK\x03\x04'))).toBe(false);
    const zip = bytes('PK\x03\x04\x14\x00');
    expect(
      hasSignatureOf(
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        zip,
      ),
    ).toBe(true);
    expect(
      hasSignatureOf('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', zip),
    ).toBe(true);
    expect(hasSignatureOf('image/png', bytes('\x89PNG\r\n\x1a\n\x00'))).toBe(true);
    expect(hasSignatureOf('image/jpeg', bytes('\xff\xd8\xff\xe0'))).toBe(true);
    expect(hasSignatureOf('image/webp', bytes('RIFF\x10\x00\x00\x00WEBPVP8 '))).toBe(true);
    expect(hasSignatureOf('image/webp', bytes('RIFF\x10\x00\x00\x00WAVE'))).toBe(false);
    expect(hasSignatureOf('image/png', bytes('\x89P'))).toBe(false);
  });
});

describe('what a write refers to', () => {
  it('lists every attachment with its pointer', () => {
    expect(
      attachmentRefs({
        attachments: ['A-1'],
        entries: [{}, { attachments: ['A-2', 'A-3'] }],
      }),
    ).toEqual([
      { id: 'A-1', pointer: '/attachments/0' },
      { id: 'A-2', pointer: '/entries/1/attachments/0' },
      { id: 'A-3', pointer: '/entries/1/attachments/1' },
    ]);
  });
});

describe('the download’s Content-Disposition', () => {
  it('gives old clients an ASCII name and the rest the exact one', () => {
    expect(contentDisposition('Plan "B" – été.pdf')).toBe(
      `attachment; filename="Plan _B_ _ _t_.pdf"; filename*=UTF-8''Plan%20%22B%22%20%E2%80%93%20%C3%A9t%C3%A9.pdf`,
    );
  });
});

describe('attaching a file', () => {
  const completedAt = '2027-03-01T00:00:00.000Z';
  const file: Attachment = {
    id: 'A-0000000000000001',
    filename: 'report.pdf',
    contentType: 'application/pdf',
    size: 10,
    status: 'COMPLETE',
    uploadedBy: 'fr',
    createdAt: completedAt,
    completedAt,
  };
  const target = { cycleId: 'C', entityId: 'FRA' };
  const refs = [{ id: file.id, pointer: '/attachments/0' }];
  /** A desk over stand-ins that record, in order, what reaches the file store and the records. */
  const deskWith = (retain: (key: string) => Promise<void>, now = '2027-03-02T00:00:00Z') => {
    const calls: string[] = [];
    const deps = {
      attachments: {
        getMany: async () => [file],
        bind: async (id: string, _target: unknown, at: string) => {
          calls.push(`bind ${id} at ${at}`);
        },
      },
      files: {
        retain: async (key: string) => {
          calls.push(`retain ${key}`);
          await retain(key);
        },
      },
      clock: { now: () => new Date(now) },
    } as unknown as AttachmentDeskDeps;
    return { desk: new AttachmentDesk(deps), calls };
  };

  it('keeps the file for good before it binds the record', async () => {
    const { desk, calls } = deskWith(async () => {});
    await desk.claim(refs, target, 'fr');
    expect(calls).toEqual([
      `retain attachments/files/${file.id}`,
      `bind ${file.id} at 2027-03-02T00:00:00.000Z`,
    ]);
  });

  it('binds nothing whose file it could not keep: a retry then finds it unbound', async () => {
    const { desk, calls } = deskWith(async () => {
      throw new Error('S3 is unavailable');
    });
    await expect(desk.claim(refs, target, 'fr')).rejects.toThrow('S3 is unavailable');
    expect(calls).toEqual([`retain attachments/files/${file.id}`]);
  });

  it('touches nothing once the week after completion is over', async () => {
    const { desk, calls } = deskWith(async () => {}, '2027-03-08T00:00:00Z');
    await expect(desk.claim(refs, target, 'fr')).rejects.toMatchObject({
      issues: [{ pointer: '/attachments/0', message: expect.stringMatching(/upload it again/) }],
    });
    expect(calls).toEqual([]);
  });
});
