import { AttachmentDesk } from './attachment-desk.ts';
import { type Clock, systemClock } from './clock.ts';
import { CommitmentRegister } from './commitment-register.ts';
import { ContactBook } from './contact-book.ts';
import { ContributionDesk } from './contribution-desk.ts';
import { CycleRegister } from './cycle-register.ts';
import { FeedbackDesk } from './delivery-feedback.ts';
import { EntityRegistry } from './entity-registry.ts';
import { EntryChecker } from './entry-checker.ts';
import { ExportDesk } from './export-desk.ts';
import { FrameworkCatalogue } from './framework-catalogue.ts';
import { ImportDesk } from './import/import-desk.ts';
import { NoticeDesk } from './notice-desk.ts';
import type {
  AttachmentRepository,
  CommitmentRepository,
  ContactRepository,
  ContributionRepository,
  CycleRepository,
  EntityRepository,
  FileStore,
  FrameworkRepository,
  GrantRepository,
  IdempotencyStore,
  IdentityDirectory,
  ImportRepository,
  NoticeDelivery,
  NoticeRepository,
  RollupRepository,
  RoundRepository,
  SeriesRepository,
  SubmissionRepository,
  WorkflowEngine,
} from './ports.ts';
import { type CloseHook, ReviewRound } from './review-round.ts';
import { RollupDesk } from './rollup-desk.ts';
import { SeriesDesk } from './series-desk.ts';
import { SubmissionDesk } from './submission-desk.ts';
import { SummaryDesk } from './summary-desk.ts';
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
  contributions: ContributionRepository;
  series: SeriesRepository;
  attachments: AttachmentRepository;
  notices: NoticeRepository;
  rounds: RoundRepository;
  rollups: RollupRepository;
  idempotency: IdempotencyStore;
  imports: ImportRepository;
}

/** Ids the server gives out. */
export interface ServerIds {
  commitmentId(): string;
  entryId(): string;
  attachmentId(): string;
}

/** The other adapters: sign-in, ids, delivery, time, the workflow engine. */
export interface Services {
  directory: IdentityDirectory;
  ids: ServerIds;
  delivery: NoticeDelivery;
  workflows: WorkflowEngine;
  /** Where attachments' bytes live: Amazon S3 in AWS, a folder locally. */
  files: FileStore;
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
    | 'contributions'
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
    contributions: repos.contributions,
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

/** The spreadsheet exports, for the API and alone for the function that writes workbooks. */
export function createExportDesk(
  repos: Pick<
    Repositories,
    'cycles' | 'submissions' | 'entities' | 'frameworks' | 'commitments' | 'rollups'
  >,
  rollups: RollupDesk = createRollupDesk(repos),
): ExportDesk {
  return new ExportDesk({
    cycles: repos.cycles,
    submissions: repos.submissions,
    entities: repos.entities,
    frameworks: repos.frameworks,
    rollups,
  });
}

/**
 * Bulk imports, for the API and the command line: they write through the repositories and
 * recompute closed cycles' rollups; they never start a review workflow.
 */
export function createImportDesk(
  repos: Pick<
    Repositories,
    | 'entities'
    | 'frameworks'
    | 'commitments'
    | 'contacts'
    | 'cycles'
    | 'submissions'
    | 'imports'
    | 'rollups'
  >,
  clock: Clock = systemClock,
  rollups: RollupDesk = createRollupDesk(repos, clock),
): ImportDesk {
  return new ImportDesk({ ...repos, rollups, clock });
}

/** Bounces and complaints alone, for the function the mail service's feedback reaches. */
export function createFeedbackDesk(
  repos: Pick<Repositories, 'notices' | 'contacts'>,
): FeedbackDesk {
  return new FeedbackDesk(repos.notices, repos.contacts);
}

/**
 * Cycles and the series built on them, with the review round they start: for the API, and
 * alone for the series' daily tick.
 */
export function createCycleDesks(
  repos: Repositories,
  services: Pick<Services, 'delivery' | 'workflows' | 'clock' | 'onClose' | 'adminEmail'>,
) {
  const clock = services.clock ?? systemClock;
  const round = createReviewRound(repos, services);
  const rollups = createRollupDesk(repos, clock);
  const cycles = new CycleRegister(
    repos.cycles,
    repos.entities,
    repos.frameworks,
    repos.series,
    clock,
    { round, rounds: repos.rounds, workflows: services.workflows, rollups },
  );
  return { round, rollups, cycles, series: new SeriesDesk(repos.series, cycles, clock) };
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
  const { round, rollups, cycles, series } = createCycleDesks(repos, services);
  const entries = new EntryChecker(repos.commitments, repos.frameworks, services.ids.entryId);
  const attachments = new AttachmentDesk({
    attachments: repos.attachments,
    files: services.files,
    cycles: repos.cycles,
    submissions: repos.submissions,
    clock,
    newId: services.ids.attachmentId,
  });
  return {
    notices,
    attachments,
    feedback: createFeedbackDesk(repos),
    round,
    rollups,
    exports: createExportDesk(repos, rollups),
    idempotency: repos.idempotency,
    imports: createImportDesk(repos, clock, rollups),
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
    cycles,
    series,
    summaries: new SummaryDesk({
      cycles: repos.cycles,
      entities: repos.entities,
      frameworks: repos.frameworks,
      rollups,
    }),
    submissions: new SubmissionDesk({
      cycles: repos.cycles,
      submissions: repos.submissions,
      contributions: repos.contributions,
      frameworks: repos.frameworks,
      entries,
      clock,
      notices,
      attachments,
    }),
    contributions: new ContributionDesk({
      cycles: repos.cycles,
      contributions: repos.contributions,
      entries,
      notices,
      clock,
      attachments,
    }),
  };
}
export type UseCases = ReturnType<typeof createUseCases>;
