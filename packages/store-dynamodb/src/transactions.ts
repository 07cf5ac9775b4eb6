import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';

/** Whether a write failed because its own condition (or the first transaction item's) did not hold. */
export function failedCondition(error: unknown, itemIndex = 0): boolean {
  if (error instanceof ConditionalCheckFailedException) return true;
  if (error instanceof TransactionCanceledException) {
    return error.CancellationReasons?.[itemIndex]?.Code === 'ConditionalCheckFailed';
  }
  return false;
}

/** Whether a transaction lost a race with another one on the same items; retrying may succeed. */
export function lostTransactionRace(error: unknown): boolean {
  return (
    error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some((reason) => reason.Code === 'TransactionConflict')
  );
}
