import type { Guard } from './access/guard.ts';
import { type Contact, type Contacts, contactIssues, keepDeliveryProblems } from './contact.ts';
import {
  InvalidInputError,
  NotFoundError,
  VersionConflictError,
  VersionRequiredError,
} from './errors.ts';
import type { ContactRepository, EntityRepository } from './ports.ts';

/** The people who receive notices for an entity. */
export class ContactBook {
  readonly #contacts: ContactRepository;
  readonly #entities: EntityRepository;

  constructor(contacts: ContactRepository, entities: EntityRepository) {
    this.#contacts = contacts;
    this.#entities = entities;
  }

  async get(entityId: string, guard: Guard): Promise<Contacts> {
    await guard({ entityId });
    if (!(await this.#entities.get(entityId))) throw new NotFoundError('entity', entityId);
    return this.#contacts.get(entityId);
  }

  /** Replaces the list; the first write needs no version, later ones the version read. */
  async replace(
    entityId: string,
    items: Contact[],
    expectedVersion: number | undefined,
    guard: Guard,
  ): Promise<Contacts> {
    await guard({ entityId });
    const entity = await this.#entities.get(entityId);
    if (!entity) throw new NotFoundError('entity', entityId);
    const issues = contactIssues(items, entity.kind);
    if (issues.length > 0) throw new InvalidInputError(issues);
    const current = await this.#contacts.get(entityId);
    if (expectedVersion === undefined && current.version > 0) throw new VersionRequiredError();
    if (expectedVersion !== undefined && expectedVersion !== current.version)
      throw new VersionConflictError(expectedVersion);
    return this.#contacts.replace(
      entityId,
      keepDeliveryProblems(items, current.items),
      current.version,
    );
  }
}
