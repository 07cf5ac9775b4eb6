import { Logger } from '@aws-lambda-powertools/logger';
import {
  MessageRejected,
  SESv2Client,
  SendEmailCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { ChangeMessageVisibilityCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Notice, SHIPPED_FRAMEWORKS } from '#core';
import {
  deliverQueuedNotices,
  enqueueNotice,
  MAX_RECEIVE_COUNT,
  parseSesFeedback,
  SesNoticeSender,
} from '#email';
import { startStreamPoller } from '#local';
import { pendingNoticeOf } from '#store';
import { queuedRecord, type SesEventSample, sesEvent } from '../fixtures/email.ts';
import { budapest, state } from '../fixtures/entities.ts';
import { call } from '../fixtures/http.ts';
import { createTestTable, type TestTable } from '../fixtures/test-table.ts';

// DynamoDB Local is real; SES and SQS are not available offline and are mocked (fault injection).
const ses = mockClient(SESv2Client);
const sqs = mockClient(SQSClient);
const QUEUE_URL = 'https://sqs.eu-west-1.amazonaws.com/111111111111/GcmFollowUp-NoticesQueue';
const region = { region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } };
const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });

let table: TestTable;
/** The notices of the cycle's opening, by recipient. */
const noticeTo = new Map<string, Notice>();
/** The ids the opening put on the queue. */
let queuedIds: string[] = [];
const at = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

const deliver = (noticeId: string, receiveCount = 1) =>
  deliverQueuedNotices([queuedRecord(noticeId, receiveCount)], {
    notices: table.repositories.notices,
    sender: new SesNoticeSender(new SESv2Client(region), {
      from: 'notices@gcm.example.org',
      configurationSet: 'gcm-notices',
    }),
    sqs: new SQSClient(region),
    queueUrl: QUEUE_URL,
    logger,
    random: () => 0,
  });
const feedback = (sample: SesEventSample, noticeId: string) => {
  const parsed = parseSesFeedback(sesEvent(sample, noticeId)).feedback;
  if (!parsed) throw new Error(`${sample} carries no feedback`);
  return table.useCases.feedback.recordFeedback(parsed);
};
const statusOf = async (notice: Notice) =>
  (await table.repositories.notices.get(notice.id))?.status;
const contactsOf = async (entityId: string) =>
  (await call(table, 'GET', `/v1/entities/${entityId}/contacts`)).body;
const to = (email: string) => {
  const notice = noticeTo.get(email);
  if (!notice) throw new Error(`no notice to ${email}`);
  return notice;
};

beforeAll(async () => {
  sqs.on(SendMessageCommand).resolves({ MessageId: 'queued' });
  // As in AWS: notices are left PENDING in the outbox, and the table's stream queues them.
  table = await createTestTable({ delivery: { deliver: async () => 'PENDING' } });
  const relay = startStreamPoller({
    endpoint: table.endpoint,
    streamArn: table.streamArn,
    handle: async (records) => {
      for (const record of records) {
        const noticeId = pendingNoticeOf(record);
        if (noticeId) await enqueueNotice(new SQSClient(region), QUEUE_URL, noticeId);
      }
    },
    onError: (error) => logger.error('relay', { error }),
  });
  for (const framework of SHIPPED_FRAMEWORKS) await table.frameworks.put(framework);
  const states = ['FRA', 'ITA', 'DEU', 'AUT', 'HUN'];
  for (const entity of [...states.map((id) => state(id, 'EUROPE')), budapest]) {
    await table.entities.create(entity, { seeded: true });
  }
  const focalPoint = (name: string, email: string, language = 'en') => ({
    role: 'FOCAL_POINT',
    name,
    email,
    language,
  });
  const contacts: Record<string, object[]> = {
    FRA: [
      focalPoint('Marie', 'marie@example.org', 'fr'),
      { ...focalPoint('John', 'john@example.org'), role: 'ALTERNATE_FOCAL_POINT' },
    ],
    ITA: [focalPoint('Giulia', 'giulia@example.org')],
    DEU: [focalPoint('Jonas', 'jonas@example.org')],
    AUT: [focalPoint('Anna', 'anna@example.org')],
  };
  for (const [entityId, items] of Object.entries(contacts)) {
    await call(table, 'PUT', `/v1/entities/${entityId}/contacts`, { body: { items } });
  }
  await call(table, 'POST', '/v1/cycles', {
    body: {
      id: 'MAILED',
      title: { en: 'Survey 2026', fr: 'Enquête 2026' },
      kind: 'CONSULTATION',
      frameworkId: 'nyd-2016',
      organiser: 'BUDAPEST',
      respondents: states,
      opensAt: at(-1),
      dueAt: at(30),
    },
  });
  await call(table, 'POST', '/v1/cycles/MAILED/open');
  await relay.drained();
  await relay.stop();
  const { items } = await table.repositories.notices.list({ cycleId: 'MAILED' }, { limit: 100 });
  for (const notice of items) if (notice.to) noticeTo.set(notice.to, notice);
  queuedIds = sqs
    .commandCalls(SendMessageCommand)
    .map((c) => JSON.parse(c.args[0].input.MessageBody ?? '').noticeId);
});
afterAll(() => table.drop());
beforeEach(() => {
  ses.reset();
  sqs.reset();
  sqs.on(ChangeMessageVisibilityCommand).resolves({});
});

describe('queued notices', () => {
  it('are queued by id when the cycle opens, and stay PENDING until sent', async () => {
    expect([...noticeTo.keys()].sort()).toEqual([
      'anna@example.org',
      'giulia@example.org',
      'john@example.org',
      'jonas@example.org',
      'marie@example.org',
    ]);
    for (const notice of noticeTo.values()) expect(await statusOf(notice)).toBe('PENDING');
    // Hungary has no contact: its notice is UNDELIVERABLE, and nothing is queued for it.
    expect(queuedIds.sort()).toEqual([...noticeTo.values()].map((n) => n.id).sort());
  });

  it('are sent once and marked SENT', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    const marie = to('marie@example.org');
    expect(await deliver(marie.id)).toEqual({ batchItemFailures: [] });
    expect(await statusOf(marie)).toBe('SENT');
    expect(ses).toHaveReceivedCommandOnce(SendEmailCommand);
    expect(ses).toHaveReceivedCommandWith(SendEmailCommand, {
      Destination: { ToAddresses: ['marie@example.org'] },
      Content: {
        Simple: expect.objectContaining({
          Subject: { Data: expect.stringMatching(/^Enquête 2026 : /), Charset: 'UTF-8' },
        }),
      },
    });
  });

  it('are retried after throttling, each time later, and sent once in the end', async () => {
    const throttled = new TooManyRequestsException({
      message: 'Maximum sending rate exceeded.',
      $metadata: {},
    });
    ses
      .on(SendEmailCommand)
      .rejectsOnce(throttled)
      .rejectsOnce(throttled)
      .resolves({ MessageId: 'ses-2' });
    const giulia = to('giulia@example.org');
    const failed = { batchItemFailures: [{ itemIdentifier: `message-${giulia.id}` }] };

    expect(await deliver(giulia.id, 1)).toEqual(failed);
    expect(await deliver(giulia.id, 2)).toEqual(failed);
    expect(await statusOf(giulia)).toBe('PENDING');
    expect(await deliver(giulia.id, 3)).toEqual({ batchItemFailures: [] });

    expect(await statusOf(giulia)).toBe('SENT');
    const delays = sqs
      .commandCalls(ChangeMessageVisibilityCommand)
      .map((c) => c.args[0].input.VisibilityTimeout);
    expect(delays).toEqual([60, 120]);
    expect(sqs).toHaveReceivedCommandWith(ChangeMessageVisibilityCommand, {
      QueueUrl: QUEUE_URL,
      ReceiptHandle: `receipt-${giulia.id}-1`,
    });
    // Three tries, one email accepted.
    expect(ses).toHaveReceivedCommandTimes(SendEmailCommand, 3);
  });

  it('are marked FAILED, not retried, when SES refuses them for good', async () => {
    ses
      .on(SendEmailCommand)
      .rejects(new MessageRejected({ message: 'Message rejected: virus detected', $metadata: {} }));
    const jonas = to('jonas@example.org');
    expect(await deliver(jonas.id)).toEqual({ batchItemFailures: [] });
    expect(await statusOf(jonas)).toBe('FAILED');
    expect(sqs).not.toHaveReceivedCommand(ChangeMessageVisibilityCommand);
  });

  it('send nothing again when the notice was sent already (a redelivered message)', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-3' });
    expect(await deliver(to('marie@example.org').id, 2)).toEqual({ batchItemFailures: [] });
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
  });

  it('still failing at their last receive are left for the dead-letter queue', async () => {
    ses
      .on(SendEmailCommand)
      .rejects(new TooManyRequestsException({ message: 'slow down', $metadata: {} }));
    const anna = to('anna@example.org');
    expect(await deliver(anna.id, MAX_RECEIVE_COUNT)).toEqual({
      batchItemFailures: [{ itemIdentifier: `message-${anna.id}` }],
    });
    // Not postponed: back in the queue at once, where the redrive policy moves it aside.
    expect(sqs).not.toHaveReceivedCommand(ChangeMessageVisibilityCommand);
    expect(await statusOf(anna)).toBe('PENDING');
  });
});

describe('bounces and complaints', () => {
  it('a permanent bounce marks the notice BOUNCED and the contact, and twice is as once', async () => {
    const marie = to('marie@example.org');
    const before = await contactsOf('FRA');
    expect(await feedback('bounce-permanent', marie.id)).toBe('RECORDED');
    expect(await statusOf(marie)).toBe('BOUNCED');
    const after = await contactsOf('FRA');
    expect(after.version).toBe(before.version + 1);
    expect(after.items[0]).toMatchObject({
      email: 'marie@example.org',
      deliveryProblem: { kind: 'BOUNCE', at: '2026-11-20T09:15:02.417Z', noticeId: marie.id },
    });
    expect(after.items[1]).not.toHaveProperty('deliveryProblem');

    expect(await feedback('bounce-permanent', marie.id)).toBe('UNCHANGED');
    expect(await contactsOf('FRA')).toEqual(after);
    expect(await statusOf(marie)).toBe('BOUNCED');
  });

  it('a complaint marks the notice COMPLAINED and the contact, and twice is as once', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-4' });
    const john = to('john@example.org');
    await deliver(john.id);
    expect(await feedback('complaint', john.id)).toBe('RECORDED');
    expect(await statusOf(john)).toBe('COMPLAINED');
    const after = await contactsOf('FRA');
    expect(after.items[1].deliveryProblem).toEqual({
      kind: 'COMPLAINT',
      at: '2026-11-21T07:02:43.000Z',
      noticeId: john.id,
    });
    expect(await feedback('complaint', john.id)).toBe('UNCHANGED');
    expect((await contactsOf('FRA')).version).toBe(after.version);
  });

  it('a transient bounce changes nothing', async () => {
    const giulia = to('giulia@example.org');
    const before = await contactsOf('ITA');
    expect(await feedback('bounce-transient', giulia.id)).toBe('TRANSIENT');
    expect(await statusOf(giulia)).toBe('SENT');
    expect(await contactsOf('ITA')).toEqual(before);
  });

  it('feedback on a notice the outbox does not hold is passed over', async () => {
    expect(await feedback('bounce-permanent', 'N-NOT-OURS-0')).toBe('UNKNOWN_NOTICE');
  });

  it('a late SENT never overwrites a bounce that came first', async () => {
    const marie = to('marie@example.org');
    expect(await table.repositories.notices.setStatus(marie, 'SENT', ['PENDING'])).toBe(false);
    expect(await statusOf(marie)).toBe('BOUNCED');
  });
});

describe('a contact’s delivery problem', () => {
  it('stays when the list is saved again with the same address, and clients cannot set or clear it', async () => {
    const current = await contactsOf('FRA');
    // The first without its problem (as a client that ignores it sends it), the second with a forged one.
    const items: object[] = current.items.map(
      ({ deliveryProblem: _, ...item }: { deliveryProblem?: object }) => item,
    );
    const forged = { kind: 'BOUNCE', at: '2020-01-01T00:00:00Z', noticeId: 'forged' };
    items[1] = { ...items[1], deliveryProblem: forged };
    const saved = await call(table, 'PUT', '/v1/entities/FRA/contacts', {
      body: { items },
      ifMatch: String(current.version),
    });
    expect(saved.status).toBe(200);
    expect(saved.body.items.map((c: { deliveryProblem?: object }) => c.deliveryProblem)).toEqual(
      current.items.map((c: { deliveryProblem?: object }) => c.deliveryProblem),
    );
  });

  it('goes when the address changes', async () => {
    const current = await contactsOf('FRA');
    const items = current.items.map(
      ({ deliveryProblem: _, ...item }: { deliveryProblem?: object; email: string }) => ({
        ...item,
        email: item.email.replace('marie@', 'marie.curie@'),
      }),
    );
    const saved = await call(table, 'PUT', '/v1/entities/FRA/contacts', {
      body: { items },
      ifMatch: String(current.version),
    });
    expect(saved.body.items[0]).not.toHaveProperty('deliveryProblem');
    expect(saved.body.items[1].deliveryProblem).toMatchObject({ kind: 'COMPLAINT' });
  });
});
