/**
 * The single table: every key shape and access pattern, declared once. Read with README.md beside it.
 * Nothing outside this file builds a key string.
 */
import type { EntityKind, Region } from '#core';

/** Attribute and index names, shared with the CDK table construct and the local table creation. */
export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Collections by kind and by region (entities), ordered by id. */
  byCollection: { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  /** Every item of one type (all entities, all frameworks), ordered by id. */
  byType: { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  /** Stream view the membership index (and later rollups) are kept from. */
  streamView: 'NEW_AND_OLD_IMAGES',
  /** Epoch seconds after which DynamoDB deletes an item (idempotency keys). */
  timeToLive: 'expiresAt',
} as const;

export type Key = { pk: string; sk: string };

/** An entity: the entity's own item, with its member list on it. */
export const entityKeys = {
  item: (id: string): Key => ({ pk: `ENTITY#${id}`, sk: entityKeys.sortKey }),
  /** The sort key every entity item has, which tells entity items apart in the stream. */
  sortKey: 'ENTITY',
  byKind: (kind: EntityKind, id: string) => ({ gsi1pk: `KIND#${kind}`, gsi1sk: id }),
  byType: (id: string) => ({ gsi2pk: 'ENTITY', gsi2sk: id }),
  kindPartition: (kind: EntityKind) => `KIND#${kind}`,
  typePartition: 'ENTITY',
};

/** One item per (entity, region), so that an IRF spanning three regions is listed in each. */
export const regionMarkerKeys = {
  item: (id: string, region: Region): Key => ({ pk: `ENTITY#${id}`, sk: `REGION#${region}` }),
  byRegion: (region: Region, id: string) => ({ gsi1pk: `REGION#${region}`, gsi1sk: id }),
  regionPartition: (region: Region) => `REGION#${region}`,
};

/** Reverse membership index: one item per (state, body it belongs to), kept from the stream. */
export const membershipKeys = {
  item: (stateId: string, parentId: string): Key => ({
    pk: `ENTITY#${stateId}`,
    sk: `MEMBER_OF#${parentId}`,
  }),
  partition: (stateId: string) => `ENTITY#${stateId}`,
  skPrefix: 'MEMBER_OF#',
};

/** A framework, stored whole. */
export const frameworkKeys = {
  item: (id: string): Key => ({ pk: `FRAMEWORK#${id}`, sk: 'FRAMEWORK' }),
  byType: (id: string) => ({ gsi2pk: 'FRAMEWORK', gsi2sk: id }),
  typePartition: 'FRAMEWORK',
};

/** A user's grant: one item per (user, entity, role, contributor); listed per entity through gsi1. */
export const grantKeys = {
  item: (
    sub: string,
    grant: { role: string; entityId?: string | undefined; contributorId?: string | undefined },
  ): Key => ({
    pk: `USER#${sub}`,
    sk: `GRANT#${grant.entityId ?? '*'}#${grant.role}#${grant.contributorId ?? '-'}`,
  }),
  byEntity: (entityId: string, sub: string, role: string, contributorId?: string) => ({
    gsi1pk: `USERS_OF#${entityId}`,
    gsi1sk: `${sub}#${role}#${contributorId ?? '-'}`,
  }),
  userPartition: (sub: string) => `USER#${sub}`,
  entityGrantPrefix: (entityId: string) => `GRANT#${entityId}#`,
  skPrefix: 'GRANT#',
  entityPartition: (entityId: string) => `USERS_OF#${entityId}`,
};

/** A commitment, whole; and one party marker per owner and co-owner, for the owner filter. */
export const commitmentKeys = {
  item: (id: string): Key => ({ pk: `COMMITMENT#${id}`, sk: 'COMMITMENT' }),
  byType: (id: string) => ({ gsi2pk: 'COMMITMENT', gsi2sk: id }),
  typePartition: 'COMMITMENT',
  party: (id: string, entityId: string): Key => ({
    pk: `COMMITMENT#${id}`,
    sk: `PARTY#${entityId}`,
  }),
  byParty: (entityId: string, id: string) => ({ gsi1pk: `PARTY#${entityId}`, gsi1sk: id }),
  partyPartition: (entityId: string) => `PARTY#${entityId}`,
};

/** An entity's contact list, one versioned item beside the entity's own. */
export const contactKeys = {
  item: (entityId: string): Key => ({ pk: `ENTITY#${entityId}`, sk: 'CONTACTS' }),
};

/** A review cycle, and one item per respondent (its status, due date and snapshot). */
export const cycleKeys = {
  item: (id: string): Key => ({ pk: `CYCLE#${id}`, sk: 'CYCLE' }),
  byType: (id: string) => ({ gsi2pk: 'CYCLE', gsi2sk: id }),
  typePartition: 'CYCLE',
  byOrganiser: (organiser: string, id: string) => ({
    gsi1pk: `ORGANISER#${organiser}`,
    gsi1sk: id,
  }),
  organiserPartition: (organiser: string) => `ORGANISER#${organiser}`,
  respondent: (id: string, entityId: string): Key => ({
    pk: `CYCLE#${id}`,
    sk: `RESPONDENT#${entityId}`,
  }),
  respondentPrefix: 'RESPONDENT#',
  /**
   * What the review workflow recorded of a respondent (steps dealt with, reminders sent, overdue,
   * missing), beside the respondent record it never writes, so that it never races a user's write.
   * It sorts right after its respondent: `RESPONDENT#<id>` and `RESPONDENT#<id>#ROUND`, and ids
   * use no character below `#`, so a BETWEEN on the two reads exactly them.
   */
  respondentRound: (id: string, entityId: string): Key => ({
    pk: `CYCLE#${id}`,
    sk: `RESPONDENT#${entityId}#ROUND`,
  }),
  partition: (id: string) => `CYCLE#${id}`,
  byRespondent: (entityId: string, id: string) => ({
    gsi1pk: `RESPONDENT_OF#${entityId}`,
    gsi1sk: id,
  }),
  respondentPartition: (entityId: string) => `RESPONDENT_OF#${entityId}`,
  submission: (id: string, entityId: string): Key => ({
    pk: `CYCLE#${id}`,
    sk: `SUBMISSION#${entityId}`,
  }),
  /** Submitted versions sort by number within a respondent. */
  version: (id: string, entityId: string, number: number): Key => ({
    pk: `CYCLE#${id}`,
    sk: `VERSION#${entityId}#${String(number).padStart(4, '0')}`,
  }),
  versionPrefix: (entityId: string) => `VERSION#${entityId}#`,
  allVersionsPrefix: 'VERSION#',
  /**
   * A contributor's contribution (a ministry's, an agency's) to a respondent's report: listed per
   * respondent, or for the whole cycle (the workflow's contributor reminders), by prefix.
   */
  contribution: (id: string, entityId: string, contributorId: string): Key => ({
    pk: `CYCLE#${id}`,
    sk: `CONTRIBUTION#${entityId}#${contributorId}`,
  }),
  contributionPrefix: (entityId: string) => `CONTRIBUTION#${entityId}#`,
  allContributionsPrefix: 'CONTRIBUTION#',
  /** An event (OPENED, CLOSED) whose notices are being fanned out; deleted once they all are. */
  event: (id: string, kind: string): Key => ({ pk: `CYCLE#${id}`, sk: `EVENT#${kind}` }),
  eventPrefix: 'EVENT#',
  /** The review workflow's state of the cycle: execution generation, failures. */
  round: (id: string): Key => ({ pk: `CYCLE#${id}`, sk: 'ROUND' }),
  /**
   * A digest the review workflow sent, under its recipient (a hash of the email, never the email
   * itself), with the step keys it covered: one Query tells what a recipient has heard already.
   */
  digest: (id: string, recipientHash: string, noticeId: string): Key => ({
    pk: `CYCLE#${id}`,
    sk: `DIGEST#${recipientHash}#${noticeId}`,
  }),
  digestPrefix: (recipientHash: string) => `DIGEST#${recipientHash}#`,
};

/**
 * A cycle's rollups, in their own partition: each respondent's contribution, and per scope a head
 * (counts, lights, who may read it; listed by gsi1 for the scopes list) and its parts (one per
 * entry type, one for good practices), so that no item nears 400 KB whatever the cycle's size.
 */
export const rollupKeys = {
  partition: (cycleId: string) => `ROLLUP#${cycleId}`,
  contribution: (cycleId: string, entityId: string): Key => ({
    pk: `ROLLUP#${cycleId}`,
    sk: `CONTRIB#${entityId}`,
  }),
  contributionPrefix: 'CONTRIB#',
  /** Held while a cycle's rollups are being written: upkeep of one cycle never interleaves. */
  lease: (cycleId: string): Key => ({ pk: `ROLLUP#${cycleId}`, sk: 'LEASE' }),
  head: (cycleId: string, scope: string): Key => ({
    pk: `ROLLUP#${cycleId}`,
    sk: `SCOPE#${scope}#HEAD`,
  }),
  part: (cycleId: string, scope: string, part: string): Key => ({
    pk: `ROLLUP#${cycleId}`,
    sk: `SCOPE#${scope}#PART#${part}`,
  }),
  /** Every item of one scope; the trailing `#` keeps `entity:EU` from matching `entity:EU-CELAC`. */
  scopePrefix: (scope: string) => `SCOPE#${scope}#`,
  byCycle: (cycleId: string, scope: string) => ({ gsi1pk: `ROLLUPS#${cycleId}`, gsi1sk: scope }),
  headsPartition: (cycleId: string) => `ROLLUPS#${cycleId}`,
};

/** A series of cycles, listed all together (gsi2) by id. */
export const seriesKeys = {
  item: (id: string): Key => ({ pk: `SERIES#${id}`, sk: 'SERIES' }),
  byType: (id: string) => ({ gsi2pk: 'SERIES', gsi2sk: id }),
  typePartition: 'SERIES',
};

/** A notice, listed per cycle (gsi1) and all together (gsi2), oldest first. */
export const noticeKeys = {
  item: (id: string): Key => ({ pk: `NOTICE#${id}`, sk: 'NOTICE' }),
  byCycle: (cycleId: string, createdAt: string, id: string) => ({
    gsi1pk: `OUTBOX#${cycleId}`,
    gsi1sk: `${createdAt}#${id}`,
  }),
  cyclePartition: (cycleId: string) => `OUTBOX#${cycleId}`,
  byType: (createdAt: string, id: string) => ({ gsi2pk: 'NOTICE', gsi2sk: `${createdAt}#${id}` }),
  typePartition: 'NOTICE',
};

/**
 * An attachment's record (its bytes are in the file store). A PENDING one carries the table's TTL
 * attribute, so a declared upload never completed goes away with its uploaded bytes.
 */
export const attachmentKeys = {
  item: (id: string): Key => ({ pk: `ATTACHMENT#${id}`, sk: 'ATTACHMENT' }),
};

/** An Idempotency-Key's record: written with the change it guards, then its response. */
export const idempotencyKeys = {
  item: (id: string): Key => ({ pk: `IDEMPOTENCY#${id}`, sk: 'KEY' }),
};

/** A bulk import's progress record, under the import's id (a hash of what it imports). */
export const importKeys = {
  item: (importId: string): Key => ({ pk: `IMPORT#${importId}`, sk: 'IMPORT' }),
};

/** Item type tags, so a stream consumer can tell items apart without parsing keys. */
export const ITEM_TYPE = {
  entity: 'Entity',
  regionMarker: 'RegionMarker',
  membership: 'Membership',
  framework: 'Framework',
  grant: 'Grant',
  commitment: 'Commitment',
  party: 'CommitmentParty',
  contacts: 'Contacts',
  cycle: 'Cycle',
  respondent: 'Respondent',
  respondentRound: 'RespondentRound',
  submission: 'Submission',
  submittedVersion: 'SubmittedVersion',
  /** A contributor's contribution to a report (whole of government), not a rollup's. */
  contributorContribution: 'Contribution',
  series: 'Series',
  notice: 'Notice',
  idempotencyKey: 'IdempotencyKey',
  attachment: 'Attachment',
  event: 'CycleEvent',
  round: 'RoundState',
  rollupContribution: 'RollupContribution',
  rollupHead: 'RollupHead',
  rollupPart: 'RollupPart',
  digest: 'RoundDigest',
  importProgress: 'ImportProgress',
} as const;
