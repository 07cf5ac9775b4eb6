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
  RoundRepository,
  SubmissionRepository,
  WorkflowEngine,
} from './ports.ts';
import { type CloseHook, ReviewRound } from './review-round.ts';
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
  repos: Pick<Repositories, 'cycles' | 'contacts' | 'notices' | 'rounds'>,
  services: Pick<Services, 'delivery' | 'clock' | 'onClose' | 'adminEmail'>,
): ReviewRound {
  const clock = services.clock ?? systemClock;
  return new ReviewRound({
    cycles: repos.cycles,
    contacts: repos.contacts,
    notices: repos.notices,
    rounds: repos.rounds,
    desk: new NoticeDesk(repos.notices, repos.contacts, repos.cycles, services.delivery, clock),
    clock,
    onClose: services.onClose ?? (async () => {}),
    adminEmail: services.adminEmail,
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
  return {
    notices,
    round,
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
