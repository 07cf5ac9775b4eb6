import { describe, expect, it } from 'vitest';
import { keepDeliveryProblems } from '#core';
import { parseSesFeedback } from '#email';
import { sesEvent } from '../fixtures/email.ts';

describe('parseSesFeedback', () => {
  it('reads a permanent bounce as permanent feedback on the tagged notice', () => {
    expect(parseSesFeedback(sesEvent('bounce-permanent'))).toEqual({
      eventType: 'Bounce',
      feedback: {
        noticeId: 'N-SURVEY-2026-OPENED-FRA-0',
        kind: 'BOUNCE',
        permanent: true,
        at: '2026-11-20T09:15:02.417Z',
      },
    });
  });

  it('reads a full mailbox as a transient bounce', () => {
    expect(parseSesFeedback(sesEvent('bounce-transient')).feedback).toMatchObject({
      kind: 'BOUNCE',
      permanent: false,
    });
  });

  it('reads a complaint as permanent feedback', () => {
    expect(parseSesFeedback(sesEvent('complaint'))).toEqual({
      eventType: 'Complaint',
      feedback: {
        noticeId: 'N-SURVEY-2026-OPENED-FRA-1',
        kind: 'COMPLAINT',
        permanent: true,
        at: '2026-11-21T07:02:43.000Z',
      },
    });
  });

  it('finds nothing to record in a delivery, or in mail that is not a notice', () => {
    expect(parseSesFeedback(sesEvent('delivery'))).toEqual({
      eventType: 'Delivery',
      feedback: undefined,
    });
    const untagged = sesEvent('bounce-permanent');
    delete untagged.detail.mail.tags.noticeId;
    expect(parseSesFeedback(untagged).feedback).toBeUndefined();
  });

  it('decodes a notice id that had to be made safe for a tag', () => {
    const event = sesEvent('complaint', 'N-odd.id_1');
    expect(event.detail.mail.tags.noticeId).toEqual(['N-odd_2Eid_5F1']);
    expect(parseSesFeedback(event).feedback?.noticeId).toBe('N-odd.id_1');
  });

  it('refuses what is not an SES event, or a bounce without its details', () => {
    expect(() => parseSesFeedback({ source: 'aws.s3', detail: {} })).toThrow();
    const broken = sesEvent('bounce-permanent');
    delete broken.detail.bounce.bounceType;
    expect(() => parseSesFeedback(broken)).toThrow();
  });
});

describe('a replaced contact list', () => {
  const problem = { kind: 'BOUNCE' as const, at: '2026-11-20T09:15:02.417Z', noticeId: 'N-1' };
  const marie = {
    role: 'FOCAL_POINT' as const,
    name: 'Marie',
    email: 'marie@example.org',
    language: 'fr',
  };

  it('keeps the delivery problem of an address it keeps, whatever the case', () => {
    const [kept] = keepDeliveryProblems(
      [{ ...marie, name: 'Marie Curie', email: 'Marie@Example.org' }],
      [{ ...marie, deliveryProblem: problem }],
    );
    expect(kept?.deliveryProblem).toEqual(problem);
  });

  it('drops it with a new address, and ignores one a client made up', () => {
    expect(
      keepDeliveryProblems(
        [{ ...marie, email: 'marie.curie@example.org' }],
        [{ ...marie, deliveryProblem: problem }],
      )[0],
    ).not.toHaveProperty('deliveryProblem');
    expect(
      keepDeliveryProblems([{ ...marie, deliveryProblem: problem }], [marie])[0],
    ).not.toHaveProperty('deliveryProblem');
  });
});
