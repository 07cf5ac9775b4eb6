import { type Entity, type EntityInput, entityIssues, hasMembers, memberIssues } from './entity.ts';
import {
  ConflictError,
  type InputIssue,
  InvalidInputError,
  NotFoundError,
  VersionRequiredError,
} from './errors.ts';
import type { EntityFilter, EntityRepository, Page, PageRequest } from './ports.ts';

/** Use cases on entities: the rules that hold whoever calls and however it is stored. */
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
    assertValid(entityIssues(input));
    return this.#repo.create(input);
  }

  /** Replaces an entity whole; its kind never changes. */
  async replace(input: EntityInput, expectedVersion: number | undefined): Promise<Entity> {
    assertValid(entityIssues(input));
    const current = await this.get(input.id);
    if (current.kind !== input.kind) {
      throw new ConflictError(`${input.id} is a ${current.kind}; an entity's kind cannot change`);
    }
    if (expectedVersion === undefined) throw new VersionRequiredError();
    return this.#repo.replace(input, expectedVersion);
  }

  /** Replaces the member list of an ISCM or partner. */
  async replaceMembers(
    id: string,
    members: string[],
    expectedVersion: number | undefined,
  ): Promise<Entity> {
    assertValid(memberIssues(id, members));
    const current = await this.get(id);
    if (!hasMembers(current.kind))
      throw new ConflictError(`${id} is a ${current.kind}, which has no members`);
    if (expectedVersion === undefined) throw new VersionRequiredError();
    return this.#repo.replaceMembers(id, members, expectedVersion);
  }

  /** Deletes an entity that is neither shipped reference data nor referenced elsewhere. */
  async delete(id: string, expectedVersion: number | undefined): Promise<void> {
    const current = await this.get(id);
    if (current.seeded)
      throw new ConflictError(`${id} is shipped reference data and cannot be deleted`);
    const memberships = await this.#repo.membershipsOf(id);
    if (memberships.length > 0) {
      throw new ConflictError(`${id} is still a member of ${memberships.join(', ')}`);
    }
    await this.#repo.delete(id, expectedVersion ?? current.version);
  }

  /** The ISCMs and partners a state belongs to, by id. */
  async memberships(id: string): Promise<Entity[]> {
    await this.get(id);
    const ids = await this.#repo.membershipsOf(id);
    const parents = await Promise.all(ids.map((parentId) => this.#repo.get(parentId)));
    return parents.filter((parent) => parent !== undefined);
  }
}

function assertValid(issues: InputIssue[]): void {
  if (issues.length > 0) throw new InvalidInputError(issues);
}
