import { z } from '@hono/zod-openapi';
import { EntityId } from '#core';
import { type AccessControl, type Action, type AppEnv, guardFor } from '../access.ts';

/** What the CSV and XLSX export routes share: the path, the tag, the caller's guard, the file name. */

export const EXPORT_TAGS = ['Exports'];
export const ExportParams = z.object({ id: EntityId });

/** The guard of a caller who sent a token; none for an anonymous one (the desk decides if it may). */
export function exportGuard(
  access: AccessControl,
  caller: AppEnv['Variables']['caller'] | undefined,
  action: Action,
) {
  return caller ? guardFor(access, caller, action) : undefined;
}

/** Headers of a file to save: `{cycleId}-rollup.csv` (cycle ids are letters, digits and hyphens). */
export function fileHeaders(mediaType: string, filename: string): Record<string, string> {
  return {
    'Content-Type': mediaType,
    'Content-Disposition': `attachment; filename="${filename}"`,
  };
}
