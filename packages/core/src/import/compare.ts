import { canonical, differingFields } from '../canonical.ts';
import type { Commitment } from '../commitment.ts';
import type { Contact } from '../contact.ts';
import type { Cycle } from '../cycle.ts';
import type { Entity, EntityInput } from '../entity.ts';
import type { Submission } from '../submission.ts';

/**
 * Whether what the table holds is what the import would write: then the import skips it. Each
 * returns the fields that differ, empty when the two agree.
 */

/** An entity agrees on kind and regions, and on every name the import gives (it may give fewer). */
export function entityDifferences(stored: Entity, imported: EntityInput): string[] {
  const fields: string[] = [];
  if (stored.kind !== imported.kind) fields.push('kind');
  if (canonical([...stored.regions].sort()) !== canonical([...imported.regions].sort()))
    fields.push('regions');
  if (Object.entries(imported.names).some(([language, name]) => stored.names[language] !== name))
    fields.push('names');
  return fields;
}

/** Contact lists agree item by item, in any order; delivery problems are the server's. */
export function contactDifferences(
  stored: readonly Contact[],
  imported: readonly Contact[],
): string[] {
  const key = (items: readonly Contact[]) =>
    items.map(({ deliveryProblem: _server, ...item }) => canonical(item)).sort();
  return canonical(key(stored)) === canonical(key(imported)) ? [] : ['items'];
}

export function commitmentDifferences(stored: Commitment, imported: Commitment): string[] {
  return differingFields(stored, imported, ['version']);
}

/** A cycle agrees on every field the import gives; one published since its close still agrees. */
export function cycleDifferences(stored: Cycle, imported: Cycle): string[] {
  const fields = differingFields(stored, imported, [
    'version',
    'status',
    'openedAt',
    'closedAt',
    'closingCounts',
  ]);
  const published = stored.status === 'PUBLISHED' && imported.status === 'CLOSED';
  if (stored.status !== imported.status && !published) fields.push('status');
  if (imported.closedAt !== undefined && stored.closedAt !== imported.closedAt)
    fields.push('closedAt');
  return fields;
}

/** A submission agrees on its status and content; entry ids may differ (the API gave its own). */
export function submissionDifferences(stored: Submission, imported: Submission): string[] {
  const content = (s: Submission) => ({
    status: s.status,
    visibility: s.visibility,
    challenges: s.challenges,
    supportNeeded: s.supportNeeded,
    entries: s.entries.map(({ id: _id, ...entry }) => entry),
  });
  return differingFields(content(stored), content(imported), []);
}

/** The conflict's message: what differs, and that an import never overwrites. */
export function conflictMessage(what: string, fields: readonly string[]): string {
  return `${what} is in the table already with another ${fields.join(', ')}; an import adds, it never overwrites`;
}
