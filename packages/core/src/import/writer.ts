import type { Commitment } from '../commitment.ts';
import type { Contact } from '../contact.ts';
import { createUnlessPresent } from '../create-unless-present.ts';
import type { Cycle } from '../cycle.ts';
import type { EntityInput } from '../entity.ts';
import { ConflictError, VersionConflictError } from '../errors.ts';
import {
  commitmentDifferences,
  conflictMessage,
  contactDifferences,
  cycleDifferences,
  entityDifferences,
} from './compare.ts';
import type { ImportDeskDeps } from './import-desk.ts';
import { inParallel } from './parallel.ts';
import {
  IMPORT_PHASES,
  type ImportedRespondent,
  type ImportPhase,
  type ImportPlan,
  type Planned,
  type PlannedMemberships,
} from './plan.ts';
import {
  type ImportCounts,
  type ImportProgressEvent,
  type ImportReport,
  noCounts,
} from './progress.ts';

/** Items per checkpoint: an interruption redoes at most one batch, with conditional writes. */
export const IMPORT_BATCH = 50;
/** Writes in flight at once within a batch. */
const PARALLEL_WRITES = 16;
/** A write that lost a race with another (a transaction on the same items) is tried again. */
const RETRIES = 3;

/**
 * Writes a checked import, phase by phase in dependency order, batch by batch: every write is
 * conditional (a new item only where none is), and every batch is checkpointed, so a run after
 * an interruption resumes at the first batch not recorded and redoes nothing already there.
 */
export class ImportWriter {
  readonly #deps: ImportDeskDeps;
  readonly #importId: string;
  readonly #onProgress: (event: ImportProgressEvent) => void;
  #counts: ImportCounts = noCounts();

  constructor(
    deps: ImportDeskDeps,
    importId: string,
    onProgress: (event: ImportProgressEvent) => void,
  ) {
    this.#deps = deps;
    this.#importId = importId;
    this.#onProgress = onProgress;
  }

  async write(
    plan: ImportPlan,
    run: { at: string; files: string[]; by: string },
  ): Promise<ImportReport> {
    const { imports, clock } = this.#deps;
    const progress = await imports.begin(this.#importId, run);
    const resumed = progress.runs > 1;
    this.#counts = { ...noCounts(), ...progress.counts };
    for (const phase of IMPORT_PHASES) {
      const items: unknown[] = plan[phase];
      const batches = chunks(items, IMPORT_BATCH);
      for (let batch = progress.batches[phase] ?? 0; batch < batches.length; batch++) {
        await inParallel(
          batches[batch] ?? [],
          (item) => this.#writeOne(phase, item),
          PARALLEL_WRITES,
        );
        await imports.checkpoint(this.#importId, phase, batch + 1, this.#counts);
        this.#onProgress({
          stage: 'writing',
          phase,
          done: Math.min(items.length, (batch + 1) * IMPORT_BATCH),
          total: items.length,
        });
      }
    }
    await imports.finish(this.#importId, clock.now().toISOString());
    return {
      importId: this.#importId,
      status: 'IMPORTED',
      resumed,
      counts: this.#counts,
      rollups: plan.rollups,
    };
  }

  async #writeOne(phase: ImportPhase, item: unknown): Promise<void> {
    switch (phase) {
      case 'entities':
        return this.#entity(item as Planned<EntityInput>);
      case 'memberships':
        return this.#memberships(item as PlannedMemberships);
      case 'contacts':
        return this.#contacts(item as Planned<{ entityId: string; items: Contact[] }>);
      case 'commitments':
        return this.#commitment(item as Planned<{ commitment: Commitment; searchTags: string[] }>);
      case 'cycles':
        return this.#cycle(item as Planned<Cycle>);
      case 'respondents':
      case 'submissions':
        return this.#respondent(item as Planned<ImportedRespondent>);
      case 'rollups':
        // Closed cycles' figures, recomputed from scratch once everything they count is written.
        await this.#deps.rollups.recompute(item as string);
        return;
    }
  }

  #count(kind: keyof ImportCounts, written: boolean, rows = 1): void {
    this.#counts[kind][written ? 'written' : 'unchanged'] += rows;
  }

  async #entity({ item, exists }: Planned<EntityInput>): Promise<void> {
    const { entities } = this.#deps;
    await this.#createNew('entities', exists, `entity ${item.id}`, {
      create: () => entities.create(item),
      differences: async () => {
        const stored = await entities.get(item.id);
        return stored ? entityDifferences(stored, item) : ['id'];
      },
    });
  }

  /** Adds the body's missing members in one conditional write of its list; a race reads it again. */
  async #memberships({ body, listed }: PlannedMemberships): Promise<void> {
    const { entities } = this.#deps;
    for (let attempt = 1; ; attempt++) {
      const current = await entities.get(body);
      if (!current) throw new ConflictError(`entity ${body} went away during the import`);
      const missing = listed.filter((state) => !current.members.includes(state));
      if (missing.length > 0) {
        try {
          await entities.replaceMembers(current, [...current.members, ...missing], current.version);
        } catch (error) {
          if (error instanceof VersionConflictError && attempt < RETRIES) continue;
          throw error;
        }
      }
      this.#count('memberships', true, missing.length);
      this.#count('memberships', false, listed.length - missing.length);
      return;
    }
  }

  async #contacts({
    item,
    exists,
  }: Planned<{ entityId: string; items: Contact[] }>): Promise<void> {
    const { contacts } = this.#deps;
    let written = false;
    if (!exists) {
      try {
        await contacts.replace(item.entityId, item.items, 0);
        written = true;
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
        const fields = contactDifferences((await contacts.get(item.entityId)).items, item.items);
        if (fields.length > 0)
          throw new ConflictError(conflictMessage(`the contact list of ${item.entityId}`, fields));
      }
    }
    this.#count('contacts', written);
  }

  async #commitment({
    item,
    exists,
  }: Planned<{ commitment: Commitment; searchTags: string[] }>): Promise<void> {
    const { commitments } = this.#deps;
    const { commitment, searchTags } = item;
    await this.#createNew('commitments', exists, `commitment ${commitment.id}`, {
      create: () => commitments.create(commitment, searchTags),
      differences: async () => {
        const stored = await commitments.get(commitment.id);
        return stored ? commitmentDifferences(stored, commitment) : ['id'];
      },
    });
  }

  async #cycle({ item, exists }: Planned<Cycle>): Promise<void> {
    const { cycles } = this.#deps;
    await this.#createNew('cycles', exists, `cycle ${item.id}`, {
      create: () => cycles.create(item),
      differences: async () => {
        const stored = await cycles.get(item.id);
        return stored ? cycleDifferences(stored, item) : ['id'];
      },
    });
  }

  /**
   * Creates an item on condition that it is new. The very same there already (an earlier run of
   * this import wrote it) counts as unchanged; anything else there is a ConflictError.
   */
  async #createNew(
    kind: 'entities' | 'commitments' | 'cycles',
    exists: boolean,
    what: string,
    write: { create: () => Promise<unknown>; differences: () => Promise<string[]> },
  ): Promise<void> {
    const written = !exists && (await createUnlessPresent(write.create, RETRIES));
    if (!exists && !written) {
      const fields = await write.differences();
      if (fields.length > 0) throw new ConflictError(conflictMessage(what, fields));
    }
    this.#count(kind, written);
  }

  async #respondent({ item, exists }: Planned<ImportedRespondent>): Promise<void> {
    const written = !exists && (await this.#deps.imports.writeRespondent(item));
    this.#count('respondents', written);
    if (item.submission) this.#count('submissions', written);
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size)
    result.push(items.slice(start, start + size));
  return result;
}
