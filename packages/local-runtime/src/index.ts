export { consoleDelivery } from './console-delivery.ts';
export { type DemoOptions, type DemoResult, runDemo } from './demo.ts';
export { DevIdentityProvider, devTokenAccess, localDirectory } from './dev-identity.ts';
export { type DynamoDbLocal, freePort, LOCAL_AWS, startDynamoDbLocal } from './dynamodb-local.ts';
export { checkJava, MissingPrerequisiteError } from './java.ts';
export { LocalFileStore, type LocalFileStoreOptions } from './local-file-store.ts';
export {
  type LocalFunction,
  LocalWorkflowEngine,
  REVIEW_WORKFLOW_FILE,
} from './local-workflows.ts';
export { type LocalRuntime, startLocalRuntime } from './runtime.ts';
export {
  type RuntimeInfo,
  readRuntimeFile,
  removeRuntimeFile,
  writeRuntimeFile,
} from './runtime-file.ts';
export { startSeriesTicks } from './series-ticks.ts';
export { streamConsumers } from './stream-consumers.ts';
export {
  type Checkpoints,
  fileCheckpoints,
  type StreamPoller,
  startStreamPoller,
} from './stream-poller.ts';
export { ensureTable } from './table.ts';
