import {
  AccountSuspendedException,
  BadRequestException,
  InternalServiceErrorException,
  LimitExceededException,
  MessageRejected,
  NotFoundException,
  SESv2Client,
  SendEmailCommand,
  SendingPausedException,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Notice } from '#core';
import {
  enqueueNotice,
  fromTagValue,
  RetryableSendError,
  retryDelaySeconds,
  SesNoticeSender,
  toTagValue,
} from '#email';
import { pendingNoticeOf } from '#store';

// Fault injection only: there is no SES or SQS to run against locally.
const ses = mockClient(SESv2Client);
const sqs = mockClient(SQSClient);
const region = { region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } };
const sender = new SesNoticeSender(new SESv2Client(region), {
  from: 'notices@gcm.example.org',
  configurationSet: 'gcm-notices',
});

const notice: Notice = {
  id: 'N-SURVEY-2026-OPENED-FRA-0',
  kind: 'OPENED',
  cycleId: 'SURVEY-2026',
  entityIds: ['FRA'],
  to: 'marie@example.org',
  language: 'fr',
  subject: 'Enquête 2026 : votre rapport est attendu le 2027-01-31',
  body: "Enquête 2026 est ouvert. FRA est invité à rendre compte d'ici le 2027-01-31.",
  status: 'PENDING',
  createdAt: '2026-11-20T09:15:00.000Z',
};
const sesError = <T>(Type: new (o: { message: string; $metadata: object }) => T, message = 'no') =>
  new Type({ message, $metadata: {} });

beforeEach(() => {
  ses.reset();
  sqs.reset();
});

describe('SesNoticeSender', () => {
  it('sends the notice as the core wrote it: UTF-8 text in its language, tagged, through the configuration set', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    expect(await sender.send(notice)).toEqual({ status: 'SENT', messageId: 'ses-1' });
    expect(ses).toHaveReceivedCommandWith(SendEmailCommand, {
      FromEmailAddress: 'notices@gcm.example.org',
      Destination: { ToAddresses: ['marie@example.org'] },
      ConfigurationSetName: 'gcm-notices',
      Content: {
        Simple: {
          Subject: { Data: notice.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: notice.body, Charset: 'UTF-8' } },
          Headers: [
            { Name: 'Content-Language', Value: 'fr' },
            { Name: 'Auto-Submitted', Value: 'auto-generated' },
          ],
        },
      },
      EmailTags: [
        { Name: 'noticeId', Value: 'N-SURVEY-2026-OPENED-FRA-0' },
        { Name: 'cycleId', Value: 'SURVEY-2026' },
      ],
    });
  });

  it.each([
    ['throttling', sesError(TooManyRequestsException, 'Maximum sending rate exceeded.')],
    ['the daily quota', sesError(LimitExceededException, 'Daily message quota exceeded.')],
    ['an SES outage', sesError(InternalServiceErrorException)],
    ['paused sending', sesError(SendingPausedException)],
    ['a suspended account', sesError(AccountSuspendedException)],
    ['a missing configuration set', sesError(NotFoundException)],
    [
      'an unverified sender',
      sesError(
        MessageRejected,
        'Email address is not verified. The following identities failed the check in region EU-WEST-1: notices@gcm.example.org',
      ),
    ],
    ['a network failure', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
  ])('leaves the notice to a later try after %s', async (_, error) => {
    ses.on(SendEmailCommand).rejects(error);
    const sent = sender.send(notice);
    await expect(sent).rejects.toBeInstanceOf(RetryableSendError);
    await expect(sent).rejects.toMatchObject({ cause: error });
  });

  it('never writes an address into the reason it gives', async () => {
    ses
      .on(SendEmailCommand)
      .rejects(
        sesError(
          MessageRejected,
          'Email address is not verified. The following identities failed the check: marie@example.org',
        ),
      );
    await expect(sender.send(notice)).rejects.toThrow(/m\*\*\*@example\.org/);
  });

  it.each([
    ['rejected content', sesError(MessageRejected, 'Message rejected: virus detected')],
    ['an invalid request', sesError(BadRequestException, 'Illegal address')],
  ])('marks the notice FAILED for %s: retrying would fail the same way', async (_, error) => {
    ses.on(SendEmailCommand).rejects(error);
    expect(await sender.send(notice)).toEqual({
      status: 'FAILED',
      reason: expect.stringContaining(error.name),
    });
  });

  it('sends nothing for a notice without a recipient', async () => {
    expect(await sender.send({ ...notice, to: null })).toMatchObject({ status: 'FAILED' });
    expect(ses).not.toHaveReceivedCommand(SendEmailCommand);
  });
});

describe('SES tag values', () => {
  it('keep an ordinary notice id as it is, and make any other one safe and reversible', () => {
    expect(toTagValue('N-SURVEY-2026-D-0A1B2C3D4E5F6071')).toBe('N-SURVEY-2026-D-0A1B2C3D4E5F6071');
    for (const id of ['a.b_c d', 'Enquête#2026/é', '_5F']) {
      expect(toTagValue(id)).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(fromTagValue(toTagValue(id))).toBe(id);
    }
  });
});

describe('the outbox relay', () => {
  const record = (eventName: string, type: string, status: string) => ({
    eventName,
    dynamodb: { NewImage: { id: { S: notice.id }, type: { S: type }, status: { S: status } } },
  });

  it('queues a notice written PENDING, and nothing else', () => {
    expect(pendingNoticeOf(record('INSERT', 'Notice', 'PENDING'))).toBe(notice.id);
    expect(pendingNoticeOf(record('MODIFY', 'Notice', 'PENDING'))).toBeUndefined();
    expect(pendingNoticeOf(record('INSERT', 'Notice', 'UNDELIVERABLE'))).toBeUndefined();
    expect(pendingNoticeOf(record('INSERT', 'Submission', 'PENDING'))).toBeUndefined();
    expect(pendingNoticeOf({ eventName: 'REMOVE' })).toBeUndefined();
  });

  it('queues the notice id alone', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    await enqueueNotice(new SQSClient(region), 'https://sqs.example/queue', notice.id);
    expect(sqs).toHaveReceivedCommandOnce(SendMessageCommand);
    expect(sqs).toHaveReceivedCommandWith(SendMessageCommand, {
      QueueUrl: 'https://sqs.example/queue',
      MessageBody: JSON.stringify({ noticeId: notice.id }),
    });
  });
});

describe('the retry delay', () => {
  it('doubles from a minute with each receive, capped at six hours, jitter on top', () => {
    const none = () => 0;
    expect([1, 2, 3, 4].map((n) => retryDelaySeconds(n, none))).toEqual([60, 120, 240, 480]);
    expect(retryDelaySeconds(20, none)).toBe(6 * 3600);
    expect(retryDelaySeconds(1, () => 0.999)).toBeLessThan(retryDelaySeconds(2, none));
  });
});
