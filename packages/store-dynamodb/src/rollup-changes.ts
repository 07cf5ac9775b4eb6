import type { StreamRecordLike } from './membership-index.ts';
import { ITEM_TYPE } from './table-design.ts';

/** The item types whose changes move rollups: a respondent's record and its round record. */
export const ROLLUP_SOURCE_TYPES: readonly string[] = [
  ITEM_TYPE.respondent,
  ITEM_TYPE.respondentRound,
];

/**
 * The respondent whose rollups a stream record touches, or none. Only its keys matter: upkeep
 * reads the current state, never the record's content, so order and repetition do not. Read on
 * the raw image: other items need not, and cannot always, be unmarshalled here.
 */
export function rollupChangeOf(
  record: StreamRecordLike,
): { cycleId: string; entityId: string } | undefined {
  // The new image only, as the event source's filter: a deleted item moves no rollup.
  const raw = record.dynamodb?.NewImage as Record<string, { S?: string } | undefined> | undefined;
  if (!ROLLUP_SOURCE_TYPES.includes(raw?.type?.S ?? '')) return undefined;
  const cycleId = raw?.cycleId?.S;
  const entityId = raw?.entityId?.S;
  return cycleId && entityId ? { cycleId, entityId } : undefined;
}

/** The respondents a batch of records touched, per cycle: upkeep refreshes each cycle once. */
export function rollupChangesOf(records: readonly StreamRecordLike[]): Map<string, string[]> {
  const touched = new Map<string, Set<string>>();
  for (const record of records) {
    const change = rollupChangeOf(record);
    if (change)
      touched.set(change.cycleId, (touched.get(change.cycleId) ?? new Set()).add(change.entityId));
  }
  return new Map([...touched].map(([cycleId, ids]) => [cycleId, [...ids]]));
}
