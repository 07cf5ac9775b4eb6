import type { NoticeDelivery } from '#core';

/**
 * How the API, the review workflow and the series tick deliver: they leave each notice PENDING
 * in the outbox (the table), and the table's stream hands it to the email sender's queue
 * (functions/notice-outbox). Nothing is sent beside a write, so nothing is lost between them.
 */
export const noticeDelivery: NoticeDelivery = { deliver: async () => 'PENDING' };
