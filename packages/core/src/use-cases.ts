import { type Clock, systemClock } from './clock.ts';
import { CommitmentRegister } from './commitment-register.ts';
import { ContactBook } from './contact-book.ts';
import { CycleRegister } from './cycle-register.ts';
import { EntityRegistry } from './entity-registry.ts';
import { FrameworkCatalogue } from './framework-catalogue.ts';
import { NoticeDesk } from './notice-desk.ts';
import type {
  CommitmentRepository,
  ContactRepository,
  CycleRepository,
  EntityRepository,
  FrameworkRepository,
  GrantRepository,
  IdempotencyStore,
  IdentityDirectory,
  NoticeDelivery,
  NoticeRepository,
  RollupRepository,
  RoundRepository,
  SubmissionRepository,
  WorkflowEngine,
} from './ports.ts';
import { type CloseHook, ReviewRound } from './review-round.ts';
import { RollupDesk } from './rollup-desk.ts';
import { SubmissionDesk } from './submission-desk.ts';
import { UserAdministration } from './user-administration.ts';

/** Every repository the use cases need. */
export interface Repositories {
  entities: EntityRepository;
  frameworks: FrameworkRepository;
  grants: GrantRepository;
  commitments: CommitmentRepository;
  contacts: ContactRepository;
  cycles: CycleRepository;
  submissions: SubmissionRepository;
  notices: NoticeRepository;
  rounds: RoundRepository;
  rollups: RollupRepository;
  idempotency: IdempotencyStore;
}

/** Ids the server gives out. */
export interface ServerIds {
  commitmentId(): string;
  entryId(): string;
}

/** The other adapters: sign-in, ids, delivery, time, the workflow engine. */
export interface Services {
  directory: IdentityDirectory;
  ids: ServerIds;
  delivery: NoticeDelivery;
  workflows: WorkflowEngine;
  clock?: Clock | undefined;
  /** Runs when a cycle closes (the rollups' hook); nothing by default. */
  onClose?: CloseHook | undefined;
  /** Where the administrator hears of workflow failures; without it they wait in the outbox. */
  adminEmail?: string | undefined;
}

/** The review workflow's tasks alone, for the function that runs them. */
export function createReviewRound(
  repos: Pick<
    Repositories,
    | 'cycles'
    | 'contacts'
    | 'notices'
    | 'rounds'
    | 'submissions'
    | 'frameworks'
    | 'commitments'
    | 'rollups'
  >,
  services: Pick<Services, 'delivery' | 'clock' | 'onClose' | 'adminEmail'>,
): ReviewRound {
  const clock = services.clock ?? systemClock;
  const rollups = createRollupDesk(repos, clock);
  return new ReviewRound({
    cycles: repos.cycles,
    contacts: repos.contacts,
    notices: repos.notices,
    rounds: repos.rounds,
    desk: new NoticeDesk(repos.notices, repos.contacts, repos.cycles, services.delivery, clock),
    clock,
    // A closed cycle's rollups are final: recomputed from scratch.
    onClose:
      services.onClose ??
      (async (cycle) => {
        await rollups.recompute(cycle.id);
      }),
    adminEmail: services.adminEmail,
  });
}

/** The rollups alone, for the stream's function. */
export function createRollupDesk(
  repos: Pick<Repositories, 'cycles' | 'submissions' | 'frameworks' | 'commitments' | 'rollups'>,
  clock: Clock = systemClock,
): RollupDesk {
  return new RollupDesk({
    cycles: repos.cycles,
    submissions: repos.submissions,
    frameworks: repos.frameworks,
    commitments: repos.commitments,
    rollups: repos.rollups,
    clock,
  });
}

/** The use cases, wired once per process from the adapters. */
export function createUseCases(repos: Repositories, services: Services) {
  const clock = services.clock ?? systemClock;
  const notices = new NoticeDesk(
    repos.notices,
    repos.contacts,
    repos.cycles,
    services.delivery,
    clock,
  );
  const round = createReviewRound(repos, services);
  const rollups = createRollupDesk(repos, clock);
  return {
    notices,
    round,
    rollups,
    idempotency: repos.idempotency,
    entities: new EntityRegistry(repos.entities),
    frameworks: new FrameworkCatalogue(repos.frameworks),
    users: new UserAdministration(repos.grants, services.directory, repos.entities),
    commitments: new CommitmentRegister(
      repos.commitments,
      repos.entities,
      repos.frameworks,
      services.ids.commitmentId,
    ),
    contacts: new ContactBook(repos.contacts, repos.entities),
    cycles: new CycleRegister(repos.cycles, repos.entities, repos.frameworks, clock, {
      round,
      rounds: repos.rounds,
      workflows: services.workflows,
      rollups,
    }),
    submissions: new SubmissionDesk(
      repos.cycles,
      repos.submissions,
      repos.commitments,
      repos.frameworks,
      clock,
      services.ids.entryId,
      notices,
    ),
  };
}
export type UseCases = ReturnType<typeof createUseCases>;
