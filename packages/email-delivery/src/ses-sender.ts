import {
  BadRequestException,
  MessageRejected,
  type SESv2Client,
  SendEmailCommand,
  type SendEmailCommandInput,
} from '@aws-sdk/client-sesv2';
import { maskEmails, type Notice } from '#core';
import { CYCLE_ID_TAG, NOTICE_ID_TAG, toTagValue } from './notice-tags.ts';

/** What became of one send: accepted by the mail service, or refused for good. */
export type SendOutcome =
  | { status: 'SENT'; messageId: string | undefined }
  | { status: 'FAILED'; reason: string };

/** Sends one notice by email. */
export interface NoticeSender {
  /** SENT or FAILED (no use retrying); throws RetryableSendError when a later try may succeed. */
  send(notice: Notice): Promise<SendOutcome>;
}

/** A send that failed for now (throttling, quota, an outage, a setting to fix): try again later. */
export class RetryableSendError extends Error {
  override readonly name = 'RetryableSendError';
}

export interface SesSenderSettings {
  /** The From address, on a domain verified in SES. */
  from: string;
  /** The configuration set whose event destination reports bounces and complaints. */
  configurationSet: string;
}

/** Sends notices with Amazon SES v2, as plain text written by the core in the recipient's language. */
export class SesNoticeSender implements NoticeSender {
  readonly #ses: SESv2Client;
  readonly #settings: SesSenderSettings;

  constructor(ses: SESv2Client, settings: SesSenderSettings) {
    this.#ses = ses;
    this.#settings = settings;
  }

  async send(notice: Notice): Promise<SendOutcome> {
    if (notice.to === null) return { status: 'FAILED', reason: 'the notice has no recipient' };
    try {
      const { MessageId } = await this.#ses.send(
        new SendEmailCommand(sendEmailInput({ ...notice, to: notice.to }, this.#settings)),
      );
      return { status: 'SENT', messageId: MessageId };
    } catch (error) {
      if (isPermanent(error)) return { status: 'FAILED', reason: describe(error) };
      throw new RetryableSendError(describe(error), { cause: error });
    }
  }
}

/** The SendEmail request of a notice: UTF-8 subject and body, its language, its tags. */
function sendEmailInput(
  notice: Notice & { to: string },
  settings: SesSenderSettings,
): SendEmailCommandInput {
  return {
    FromEmailAddress: settings.from,
    Destination: { ToAddresses: [notice.to] },
    Content: {
      Simple: {
        Subject: { Data: notice.subject, Charset: 'UTF-8' },
        Body: { Text: { Data: notice.body, Charset: 'UTF-8' } },
        Headers: [
          { Name: 'Content-Language', Value: notice.language },
          // RFC 3834: an automatic message; out-of-office replies are not sent back to it.
          { Name: 'Auto-Submitted', Value: 'auto-generated' },
        ],
      },
    },
    ConfigurationSetName: settings.configurationSet,
    EmailTags: [
      { Name: NOTICE_ID_TAG, Value: toTagValue(notice.id) },
      { Name: CYCLE_ID_TAG, Value: toTagValue(notice.cycleId) },
    ],
  };
}

/**
 * Whether SES refused this very message for good, so that retrying it is pointless: FAILED, and
 * the outbox says so.
 *
 * - BadRequestException: the request itself is invalid (an address SES cannot parse, a value
 *   out of bounds); the same request fails the same way every time.
 * - MessageRejected: the content was refused (SES found a virus, say) — except when it says an
 *   identity "is not verified": the sender's domain is not verified yet, or the account is still
 *   in the sandbox and the recipient is not a verified address. That is the deployment's to fix,
 *   not the notice's fault, so it is retried like the next group.
 *
 * Everything else is retried with backoff and ends in the dead-letter queue, whose alarm calls
 * someone, and a redrive after the fix sends the notices then. That covers the transient
 * (TooManyRequestsException for the send rate, LimitExceededException for the daily quota,
 * InternalServiceErrorException and other 5xx, network errors and timeouts) and what is wrong
 * with the account or the stack rather than the notice (SendingPausedException when SES or an
 * operator paused sending, AccountSuspendedException, MailFromDomainNotVerifiedException, a
 * NotFoundException for a missing configuration set): marking the notices FAILED there would
 * lose every one of them to a single setting.
 */
function isPermanent(error: unknown): boolean {
  if (error instanceof BadRequestException) return true;
  if (error instanceof MessageRejected) return !/not verified/i.test(error.message);
  return false;
}

/** The error's name and message, addresses masked: these reach the logs. */
function describe(error: unknown): string {
  return maskEmails(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
}
