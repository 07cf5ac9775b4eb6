import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '#local';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

/** One DynamoDB Local for the whole integration run; each test file makes its own table. */
export default async function setup(project: TestProject) {
  // startDynamoDbLocal stops its JVM itself when it fails to become ready.
  const db = await startDynamoDbLocal();
  project.provide('dynamoEndpoint', db.endpoint);
  return () => db.stop();
}
