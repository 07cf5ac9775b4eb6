export { fromTagValue, NOTICE_ID_TAG, toTagValue } from './notice-tags.ts';
export { enqueueNotice } from './queued-delivery.ts';
export { deliverQueuedNotices, MAX_RECEIVE_COUNT, retryDelaySeconds } from './queued-notices.ts';
export { parseSesFeedback } from './ses-feedback.ts';
export {
  type NoticeSender,
  RetryableSendError,
  type SendOutcome,
  SesNoticeSender,
  type SesSenderSettings,
} from './ses-sender.ts';
