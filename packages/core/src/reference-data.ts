import { createUnlessPresent } from './create-unless-present.ts';
import { everyEntity } from './paging.ts';
import type { EntityRepository, FrameworkRepository } from './ports.ts';
import { SHIPPED_ENTITIES, SHIPPED_FRAMEWORKS } from './reference/index.ts';

export interface ReferenceDataReport {
  entitiesCreated: number;
  entitiesKept: number;
  frameworksWritten: number;
  frameworksKept: number;
}

/**
 * Loads the shipped frameworks and entities; safe to run at every start and on every deploy.
 * Entities are only created, never overwritten: once loaded, secretariats and the admin own them.
 * Frameworks are reference data the product owns, so a changed one replaces the stored one.
 */
export async function loadReferenceData(
  entities: EntityRepository,
  frameworks: FrameworkRepository,
  { concurrency = 8 }: { concurrency?: number } = {},
): Promise<ReferenceDataReport> {
  const report: ReferenceDataReport = {
    entitiesCreated: 0,
    entitiesKept: 0,
    frameworksWritten: 0,
    frameworksKept: 0,
  };
  for (const framework of SHIPPED_FRAMEWORKS) {
    if (await frameworks.put(framework)) report.frameworksWritten++;
    else report.frameworksKept++;
  }
  // Ids already stored: a restart costs one query instead of one refused write per entity.
  const existing = new Set((await everyEntity(entities)).map((entity) => entity.id));
  report.entitiesKept = SHIPPED_ENTITIES.filter((entity) => existing.has(entity.id)).length;
  const queue = SHIPPED_ENTITIES.filter((entity) => !existing.has(entity.id));
  const worker = async () => {
    for (let entity = queue.shift(); entity; entity = queue.shift()) {
      if (await createUnlessPresent(() => entities.create(entity, { seeded: true })))
        report.entitiesCreated++;
      else report.entitiesKept++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return report;
}
