/**
 * The columns of each CSV file of an import, one file per kind, named for its kind
 * (`entities.csv`, …). Columns carry the API's field names; nested fields are dotted
 * (`names.fr`, `reminders.beforeDueDays`). How each cell is read:
 *   text   as written (trimmed); an empty cell leaves the field out, so its default applies;
 *   list   values separated by `;`;
 *   codes  ids or codes separated by `;` or spaces;
 *   bool   true/false, yes/no, 1/0, x;
 *   number, numbers (a list of them);
 *   date   an ISO 8601 date and time; a bare date (2017-06-26) is midnight UTC;
 *   tags   framework:id pairs separated by `;` or spaces (`nyd-2016:h gcm-2018:20`).
 */

export type CellType = 'text' | 'list' | 'codes' | 'bool' | 'number' | 'numbers' | 'date' | 'tags';

export interface Column {
  name: string;
  /** Where the value goes in the element (for entry columns, in the entry). */
  pointer: string;
  type: CellType;
  required?: boolean;
}

export interface CsvKind {
  /** The file's name, which says what it holds. */
  file: string;
  columns: Column[];
  /** Texts in several languages: a column per language, `title.en`, `title.fr`. */
  languageFields?: string[];
  /** Required language columns. */
  requiredLanguages?: string[];
  /** submissions.csv: one row per entry; these columns describe the entry. */
  entryColumns?: Column[];
}

const text = (name: string, required = false, pointer = `/${name}`): Column => ({
  name,
  pointer,
  type: 'text',
  required,
});
const typed = (name: string, type: CellType, required = false, pointer = `/${name}`): Column => ({
  name,
  pointer,
  type,
  required,
});

export const CSV_KINDS = {
  entities: {
    file: 'entities.csv',
    columns: [text('id', true), text('kind', true), typed('regions', 'codes')],
    languageFields: ['names'],
    requiredLanguages: ['names.en'],
  },
  memberships: {
    file: 'memberships.csv',
    columns: [text('body', true), text('state', true)],
  },
  contacts: {
    file: 'contacts.csv',
    columns: [
      text('entityId', true),
      text('role', true),
      text('name', true),
      text('email', true),
      text('language', true),
      text('contributorId'),
    ],
  },
  commitments: {
    file: 'commitments.csv',
    columns: [
      text('id', true),
      text('owner', true),
      typed('coOwners', 'codes'),
      typed('tags', 'tags'),
      typed('sdgTargets', 'codes'),
      typed('partners', 'codes'),
      text('startDate'),
      text('targetDate'),
    ],
    languageFields: ['title', 'description'],
    requiredLanguages: ['title.en'],
  },
  cycles: {
    file: 'cycles.csv',
    columns: [
      text('id', true),
      text('kind', true),
      text('frameworkId', true),
      text('organiser', true),
      text('status', true),
      typed('opensAt', 'date', true),
      typed('dueAt', 'date', true),
      typed('locksAt', 'date'),
      typed('closedAt', 'date'),
      typed('languages', 'codes'),
      typed('reminders.beforeDueDays', 'numbers', false, '/reminders/beforeDueDays'),
      typed('reminders.escalateAfterDays', 'numbers', false, '/reminders/escalateAfterDays'),
      typed('recurring.threshold', 'number', false, '/recurring/threshold'),
      text('recurring.base', false, '/recurring/base'),
      text('previousCycleId'),
    ],
    languageFields: ['title'],
    requiredLanguages: ['title.en'],
  },
  respondents: {
    file: 'respondents.csv',
    columns: [text('cycleId', true), text('entityId', true), typed('dueAt', 'date')],
  },
  submissions: {
    file: 'submissions.csv',
    columns: [
      text('cycleId', true),
      text('entityId', true),
      text('status'),
      typed('submittedAt', 'date', true),
      text('visibility'),
      text('challenges'),
      text('supportNeeded'),
    ],
    entryColumns: [
      text('type'),
      text('text'),
      text('title'),
      text('description'),
      text('category'),
      typed('piloted', 'list'),
      typed('criteria', 'codes'),
      typed('innovative', 'bool'),
      text('link'),
      typed('tags', 'codes'),
      text('commitmentId'),
      text('progressStatus', false, '/status'),
      text('narrative'),
      typed('evidence', 'codes'),
      typed('partnersInvolved', 'codes'),
      text('level'),
    ],
  },
} as const satisfies Record<string, CsvKind>;

export type CsvKindName = keyof typeof CSV_KINDS;
