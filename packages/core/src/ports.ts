import type { Entity, EntityInput, EntityKind } from './entity.ts';
import type { Framework } from './framework.ts';
import type { Region } from './regions.ts';

/** A page of a list: the items and an opaque cursor for the next page, `null` on the last. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

/** Filters of the entity list; they combine with AND. */
export interface EntityFilter {
  kind?: EntityKind | undefined;
  region?: Region | undefined;
  /** Member states of this ISCM or partner. */
  memberOf?: string | undefined;
}

/** Where entities live. Implementations raise the core's errors, never their own. */
export interface EntityRepository {
  get(id: string): Promise<Entity | undefined>;
  /** The entities with these ids that exist, in the order asked. */
  getMany(ids: string[]): Promise<Entity[]>;
  list(filter: EntityFilter, page: PageRequest): Promise<Page<Entity>>;
  /** Creates the entity at version 1; ConflictError when the id is taken. */
  create(entity: EntityInput, options?: { seeded?: boolean }): Promise<Entity>;
  /**
   * Replaces `current` (as just read) if it is still at `expectedVersion`; VersionConflictError
   * otherwise, ConcurrentWriteError when another write raced it.
   */
  replace(entity: EntityInput, current: Entity, expectedVersion: number): Promise<Entity>;
  /** Replaces the member list alone, in one conditional write on the entity's item. */
  replaceMembers(id: string, members: string[], expectedVersion: number): Promise<Entity>;
  /** Deletes `current` (as just read) if it is still at `expectedVersion`. */
  delete(current: Entity, expectedVersion: number): Promise<void>;
  /** Ids of the ISCMs and partners the state belongs to, sorted (reverse index, eventually consistent). */
  membershipsOf(stateId: string): Promise<string[]>;
}

/** Where frameworks live. */
export interface FrameworkRepository {
  list(): Promise<Framework[]>;
  get(id: string): Promise<Framework | undefined>;
  /** Writes the framework unless an identical one is stored; returns whether it wrote. */
  put(framework: Framework): Promise<boolean>;
}
