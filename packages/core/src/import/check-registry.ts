import { type Commitment, completeCommitment } from '../commitment.ts';
import { contactIssues } from '../contact.ts';
import { type Entity, hasMembers } from '../entity.ts';
import {
  commitmentDifferences,
  conflictMessage,
  contactDifferences,
  entityDifferences,
} from './compare.ts';
import { type ImportIssue, type Report, reporterOf } from './issues.ts';
import type { ParsedBundle } from './parse.ts';
import type { ImportPlan, PlannedMemberships, TableView } from './plan.ts';

/** Entities, memberships, contacts and commitments, checked against the table and one another. */
export function checkRegistry(
  parsed: ParsedBundle,
  view: TableView,
  issues: ImportIssue[],
): {
  plan: Pick<ImportPlan, 'entities' | 'memberships' | 'contacts' | 'commitments'>;
  /** Every entity as it will stand once the import is written, members included. */
  entities: Map<string, Entity>;
  /** Every commitment the import's reports may name: the table's and the import's. */
  commitments: Map<string, Commitment>;
} {
  const report = reporterOf(issues);
  const entities = new Map(view.entities);

  const plannedEntities = parsed.entities.map(({ value, at }) => {
    const stored = view.entities.get(value.id);
    if (stored) {
      const fields = entityDifferences(stored, value);
      if (fields.length > 0) report(at, '/id', conflictMessage(`entity ${value.id}`, fields));
    } else entities.set(value.id, { ...value, version: 0, seeded: false });
    return { item: value, exists: stored !== undefined };
  });

  const memberships = checkMemberships(parsed, view, entities, report);

  const contacts = parsed.contacts.map(({ value, at }) => {
    const entity = entities.get(value.entityId);
    if (!entity) report(at, '/entityId', `there is no entity ${value.entityId}`);
    else
      for (const issue of contactIssues(value.items, entity.kind))
        report(at, issue.pointer, issue.message);
    const stored = view.contacts.get(value.entityId);
    const exists = stored !== undefined && stored.version > 0;
    if (exists) {
      const fields = contactDifferences(stored.items, value.items);
      if (fields.length > 0)
        report(at, '/entityId', conflictMessage(`the contact list of ${value.entityId}`, fields));
    }
    return { item: value, exists };
  });

  const commitments = new Map(view.commitments);
  const plannedCommitments = parsed.commitments.map(({ value, at }) => {
    const completed = completeCommitment(value, 1, entities, view.frameworks);
    for (const issue of completed.issues) report(at, issue.pointer, issue.message);
    const { commitment } = completed;
    const stored = view.commitments.get(value.id);
    if (stored) {
      const fields = commitmentDifferences(stored, commitment);
      if (fields.length > 0) report(at, '/id', conflictMessage(`commitment ${value.id}`, fields));
    } else commitments.set(value.id, commitment);
    return {
      item: { commitment, searchTags: completed.searchTags },
      exists: stored !== undefined,
    };
  });

  return {
    plan: {
      entities: plannedEntities,
      memberships,
      contacts,
      commitments: plannedCommitments,
    },
    entities,
    commitments,
  };
}

/**
 * Member states added to bodies: the import's memberships, and the members it lists on entities
 * that exist already (an import adds members to a body; it never removes any).
 */
function checkMemberships(
  parsed: ParsedBundle,
  view: TableView,
  entities: Map<string, Entity>,
  report: Report,
): PlannedMemberships[] {
  const sources = [
    ...parsed.entities
      .filter(({ value }) => view.entities.has(value.id) && value.members.length > 0)
      .map(({ value, at }) => ({ body: value.id, states: value.members, at, list: '/members' })),
    ...parsed.memberships.map(({ value, at }) => ({ ...value, at, list: '/states' })),
  ];
  const byBody = new Map<string, PlannedMemberships>();
  for (const { body, states, at, list } of sources) {
    const entity = entities.get(body);
    if (!entity) {
      report(at, list === '/states' ? '/body' : '/id', `there is no entity ${body}`);
      continue;
    }
    if (!hasMembers(entity.kind)) {
      report(
        at,
        list === '/states' ? '/body' : '/id',
        `${body} is a ${entity.kind}, which has no members`,
      );
      continue;
    }
    states.forEach((state, index) => {
      if (!entities.has(state)) report(at, `${list}/${index}`, `there is no entity ${state}`);
    });
    const planned = byBody.get(body) ?? { body, listed: [] };
    for (const state of states) if (!planned.listed.includes(state)) planned.listed.push(state);
    byBody.set(body, planned);
  }
  // As the entities will stand: what the checks of cycles and respondents' snapshots see.
  for (const { body, listed } of byBody.values()) {
    const entity = entities.get(body) as Entity;
    entities.set(body, { ...entity, members: [...new Set([...entity.members, ...listed])] });
  }
  return [...byBody.values()];
}
