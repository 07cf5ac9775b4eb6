export { batchWrite } from './batches.ts';
export { createDocumentClient } from './client.ts';
export { DynamoCommitmentRepository } from './commitment-store.ts';
export { DynamoContactRepository } from './contact-store.ts';
export { DynamoEntityRepository } from './entity-store.ts';
export { DynamoFrameworkRepository } from './framework-store.ts';
export { DynamoGrantRepository } from './grant-store.ts';
export { MembershipIndex, type StreamRecordLike } from './membership-index.ts';
export { pendingNoticeOf } from './notice-store.ts';
export { createRepositories, serverIds } from './repositories.ts';
export { ROLLUP_SOURCE_TYPES, rollupChangeOf, rollupChangesOf } from './rollup-changes.ts';
export { DynamoRollupRepository } from './rollup-store.ts';
export {
  attachmentKeys,
  contactKeys,
  entityKeys,
  ITEM_TYPE,
  noticeKeys,
  rollupKeys,
  TABLE,
} from './table-design.ts';
export { localTableDefinition } from './table-schema.ts';
