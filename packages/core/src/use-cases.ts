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
  SubmissionRepository,
} from './ports.ts';
import { SubmissionDesk } from './submission-desk.ts';
import { UserAdministration } from './user-administration.ts';

/** Every adapter the use cases need. */
export interface Repositories {
  entities: EntityRepository;
  frameworks: FrameworkRepository;
  grants: GrantRepository;
  commitments: CommitmentRepository;
  contacts: ContactRepository;
  cycles: CycleRepository;
  submissions: SubmissionRepository;
  notices: NoticeRepository;
  idempotency: IdempotencyStore;
}

/** Ids the server gives out. */
export interface ServerIds {
  commitmentId(): string;
  entryId(): string;
}

/** The use cases, wired once per process from the adapters. */
export function createUseCases(
  repos: Repositories,
  directory: IdentityDirectory,
  ids: ServerIds,
  delivery: NoticeDelivery,
  clock: Clock = systemClock,
) {
  const notices = new NoticeDesk(repos.notices, repos.contacts, repos.cycles, delivery, clock);
  return {
    notices,
    idempotency: repos.idempotency,
    entities: new EntityRegistry(repos.entities),
    frameworks: new FrameworkCatalogue(repos.frameworks),
    users: new UserAdministration(repos.grants, directory, repos.entities),
    commitments: new CommitmentRegister(
      repos.commitments,
      repos.entities,
      repos.frameworks,
      ids.commitmentId,
    ),
    contacts: new ContactBook(repos.contacts, repos.entities),
    cycles: new CycleRegister(repos.cycles, repos.entities, repos.frameworks, clock, notices),
    submissions: new SubmissionDesk(
      repos.cycles,
      repos.submissions,
      repos.commitments,
      repos.frameworks,
      clock,
      ids.entryId,
      notices,
    ),
  };
}
export type UseCases = ReturnType<typeof createUseCases>;
