export { createDocumentClient } from './client.ts';
export { DynamoEntityRepository } from './entity-store.ts';
export { DynamoFrameworkRepository } from './framework-store.ts';
export { MembershipIndex, type StreamRecordLike } from './membership-index.ts';
export { entityKeys, TABLE } from './table-design.ts';
export { localTableDefinition } from './table-schema.ts';
