export { CYCLE_ID_TAG, fromTagValue, NOTICE_ID_TAG, toTagValue } from './notice-tags.ts';
export {
  enqueueNotice,
  type OutboxRecord,
  pendingNoticeOf,
  QueuedNotice,
} from './queued-delivery.ts';
export {
  deliverQueuedNotices,
  MAX_RECEIVE_COUNT,
  type QueuedNoticeDeps,
  retryDelaySeconds,
} from './queued-notices.ts';
export { parseSesFeedback, type SesFeedback } from './ses-feedback.ts';
export {
  isPermanent,
  type NoticeSender,
  RetryableSendError,
  type SendOutcome,
  SesNoticeSender,
  type SesSenderSettings,
  sendEmailInput,
} from './ses-sender.ts';
