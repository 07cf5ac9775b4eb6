import { z } from 'zod';
import type { DeliveryFeedback } from '#core';
import { fromTagValue, NOTICE_ID_TAG } from './notice-tags.ts';

/**
 * SES events as the configuration set's event destination puts them on EventBridge's default bus:
 * the event publishing record (`eventType`, `mail`, and `bounce` or `complaint`) is the `detail`.
 */
const SesEvent = z.object({
  source: z.literal('aws.ses'),
  detail: z.looseObject({ eventType: z.string() }),
});

const Timestamp = z.iso.datetime({ offset: true });
/** Tags as SES reports them: every name with its values, ours and SES's own (`ses:…`). */
const Mail = z.object({ tags: z.record(z.string(), z.array(z.string())).default({}) });

const BounceRecord = z.object({
  mail: Mail,
  bounce: z.object({
    // Undetermined: SES could not tell; like Transient, it says nothing lasting about the address.
    bounceType: z.enum(['Permanent', 'Transient', 'Undetermined']),
    bounceSubType: z.string(),
    timestamp: Timestamp,
  }),
});

const ComplaintRecord = z.object({
  mail: Mail,
  complaint: z.object({ timestamp: Timestamp }),
});

/** An SES event read: the feedback it carries about one of our notices, if any. */
export interface SesFeedback {
  eventType: string;
  feedback: DeliveryFeedback | undefined;
}

/**
 * Reads an SES event from EventBridge: a Bounce or a Complaint about an email that carries our
 * notice tag becomes feedback to record; any other event type, or mail without the tag, none.
 * Throws (a ZodError) on an event that is not SES's or is malformed.
 */
export function parseSesFeedback(event: unknown): SesFeedback {
  const { detail } = SesEvent.parse(event);
  const { eventType } = detail;
  if (eventType === 'Bounce') {
    const { mail, bounce } = BounceRecord.parse(detail);
    const permanent = bounce.bounceType === 'Permanent';
    return { eventType, feedback: feedbackOf(mail, 'BOUNCE', permanent, bounce.timestamp) };
  }
  if (eventType === 'Complaint') {
    const { mail, complaint } = ComplaintRecord.parse(detail);
    return { eventType, feedback: feedbackOf(mail, 'COMPLAINT', true, complaint.timestamp) };
  }
  return { eventType, feedback: undefined };
}

function feedbackOf(
  mail: z.infer<typeof Mail>,
  kind: DeliveryFeedback['kind'],
  permanent: boolean,
  timestamp: string,
): DeliveryFeedback | undefined {
  const tag = mail.tags[NOTICE_ID_TAG]?.[0];
  if (tag === undefined) return undefined;
  return { noticeId: fromTagValue(tag), kind, permanent, at: new Date(timestamp).toISOString() };
}
