import type { Guard } from './access/guard.ts';
import {
  type Commitment,
  CommitmentInput,
  commitmentIssues,
  completeCommitment,
  tagIssues,
} from './commitment.ts';
import {
  assertNoIssues,
  ConflictError,
  checkVersion,
  InvalidInputError,
  NotFoundError,
  parseInput,
} from './errors.ts';
import { applyMergePatch } from './merge-patch.ts';
import type {
  CommitmentFilter,
  CommitmentRepository,
  EntityRepository,
  FrameworkRepository,
  Page,
  PageRequest,
} from './ports.ts';

/** Use cases on commitments, the actions everything later is reported against. */
export class CommitmentRegister {
  readonly #commitments: CommitmentRepository;
  readonly #entities: EntityRepository;
  readonly #frameworks: FrameworkRepository;
  readonly #newId: () => string;

  constructor(
    commitments: CommitmentRepository,
    entities: EntityRepository,
    frameworks: FrameworkRepository,
    newId: () => string,
  ) {
    this.#commitments = commitments;
    this.#entities = entities;
    this.#frameworks = frameworks;
    this.#newId = newId;
  }

  /** A page of commitments; a tag filter must name a framework and one of its groups or items. */
  async list(filter: CommitmentFilter, page: PageRequest): Promise<Page<Commitment>> {
    if (filter.tag !== undefined) {
      const [frameworkId = '', id = ''] = filter.tag.split(':');
      const issues = tagIssues({ [frameworkId]: [id] }, await this.#frameworks.list());
      if (issues.length > 0) {
        const pointer = issues[0]?.pointer === `/tags/${frameworkId}` ? '/framework' : '/tag';
        throw new InvalidInputError([
          { in: 'query', pointer, message: issues[0]?.message ?? 'unknown tag' },
        ]);
      }
    }
    return this.#commitments.list(filter, page);
  }

  async get(id: string): Promise<Commitment> {
    const commitment = await this.#commitments.get(id);
    if (!commitment) throw new NotFoundError('commitment', id);
    return commitment;
  }

  /** Creates a commitment for its owner; the server assigns the id when the client sends none. */
  async create(input: CommitmentInput, guard: Guard): Promise<Commitment> {
    assertNoIssues(commitmentIssues(input));
    await guard({ entityId: input.owner });
    const { commitment, tags } = await this.#complete(
      { ...input, id: input.id ?? this.#newId() },
      1,
    );
    return this.#commitments.create(commitment, tags);
  }

  /** Applies a JSON merge patch; the owner, and so the level, never change. */
  async patch(
    id: string,
    patch: unknown,
    expectedVersion: number | undefined,
    guard: Guard,
  ): Promise<Commitment> {
    const current = await this.get(id);
    await guard({ entityId: current.owner });
    const { level: _level, version: _version, ...editable } = current;
    const next = parseInput(CommitmentInput, applyMergePatch(editable, patch));
    assertNoIssues(commitmentIssues(next));
    if (next.id !== id)
      throw new InvalidInputError([{ pointer: '/id', message: 'an id never changes' }]);
    if (next.owner !== current.owner) {
      throw new ConflictError(
        `${id} belongs to ${current.owner}; a commitment's owner never changes`,
      );
    }
    checkVersion(current.version, expectedVersion, { required: true });
    const { commitment, tags } = await this.#complete({ ...next, id }, current.version + 1);
    return this.#commitments.replace(commitment, current, tags);
  }

  async delete(id: string, expectedVersion: number | undefined, guard: Guard): Promise<void> {
    const current = await this.get(id);
    await guard({ entityId: current.owner });
    checkVersion(current.version, expectedVersion, { required: false });
    await this.#commitments.delete(current);
  }

  /** Checks every reference (owner, co-owners, partners, tags) and derives level, units and search tags. */
  async #complete(input: CommitmentInput & { id: string }, version: number) {
    const entities = await this.#entities.getMany([
      ...new Set([input.owner, ...input.coOwners, ...input.partners]),
    ]);
    const frameworks = await this.#frameworks.list();
    const { commitment, searchTags, issues } = completeCommitment(
      input,
      version,
      new Map(entities.map((entity) => [entity.id, entity])),
      frameworks,
    );
    assertNoIssues(issues);
    return { commitment, tags: searchTags };
  }
}
