import {
  assertValidEntity,
  assertValidMembers,
  type Entity,
  type EntityInput,
  hasMembers,
} from './entity.ts';
import { ConflictError, checkVersion, InvalidInputError, NotFoundError } from './errors.ts';
import { pageAfter } from './paging.ts';
import type { EntityFilter, EntityRepository, Page, PageRequest } from './ports.ts';

/** A replacement may leave out the member list, which has its own route: the current list stays. */
export type EntityReplacement = Omit<EntityInput, 'members'> & { members?: string[] | undefined };

/**
 * Use cases on entities: the rules that hold whoever calls and however it is stored, checked in
 * the API's order (400, 404, 409, then 428 or 412).
 */
export class EntityRegistry {
  readonly #repo: EntityRepository;

  constructor(repo: EntityRepository) {
    this.#repo = repo;
  }

  /** The entity, or NotFoundError. */
  async get(id: string): Promise<Entity> {
    const entity = await this.#repo.get(id);
    if (!entity) throw new NotFoundError('entity', id);
    return entity;
  }

  /** A page of entities matching every filter given, ordered by id. */
  list(filter: EntityFilter, page: PageRequest): Promise<Page<Entity>> {
    return this.#repo.list(filter, page);
  }

  /** Creates an entity that follows the domain's rules. */
  async create(input: EntityInput): Promise<Entity> {
    assertValidEntity(input);
    return this.#repo.create(input);
  }

  /** Replaces an entity; its kind never changes, and shipped data keeps its French name. */
  async replace(input: EntityReplacement, expectedVersion: number | undefined): Promise<Entity> {
    const current = await this.get(input.id);
    const entity: EntityInput = { ...input, members: input.members ?? current.members };
    assertValidEntity(entity);
    if (current.kind !== entity.kind) {
      throw new ConflictError(`${entity.id} is a ${current.kind}; an entity's kind cannot change`);
    }
    if (current.seeded && entity.names.fr === undefined) {
      throw new InvalidInputError([
        { pointer: '/names/fr', message: 'shipped reference data keeps its French name' },
      ]);
    }
    checkVersion(current.version, expectedVersion, { required: true });
    return this.#repo.replace(entity, current, current.version);
  }

  /** Replaces the member list of an ISCM or partner. */
  async replaceMembers(
    id: string,
    members: string[],
    expectedVersion: number | undefined,
  ): Promise<Entity> {
    assertValidMembers(members);
    const current = await this.get(id);
    if (!hasMembers(current.kind))
      throw new ConflictError(`${id} is a ${current.kind}, which has no members`);
    checkVersion(current.version, expectedVersion, { required: true });
    return this.#repo.replaceMembers(current, members, current.version);
  }

  /** Deletes an entity that is neither shipped reference data nor referenced elsewhere. */
  async delete(id: string, expectedVersion: number | undefined): Promise<void> {
    const current = await this.get(id);
    if (current.seeded)
      throw new ConflictError(`${id} is shipped reference data and cannot be deleted`);
    // Only states can be members today, and states are all shipped; the check guards later kinds of reference.
    const memberships = await this.#repo.membershipsOf(id);
    if (memberships.length > 0) {
      throw new ConflictError(`${id} is still a member of ${memberships.join(', ')}`);
    }
    // Deleting is an action: If-Match is honoured when sent, never required.
    checkVersion(current.version, expectedVersion, { required: false });
    await this.#repo.delete(current, current.version);
  }

  /** A page of the ISCMs and partners a state belongs to, by id. */
  async memberships(id: string, page: PageRequest): Promise<Page<Entity>> {
    await this.get(id);
    const ids = await this.#repo.membershipsOf(id);
    const { items, nextCursor } = pageAfter(ids, (parentId) => parentId, page);
    return { items: await this.#repo.getMany(items), nextCursor };
  }
}
