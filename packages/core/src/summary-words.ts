import type { CYCLE_KINDS } from './cycle.ts';
import type { EntityKind } from './entity.ts';

/**
 * The summary report's words, one template set per language the product ships. Sentences take
 * the figures and names as arguments; nothing in a report is typed by hand.
 */

export const SUMMARY_LANGUAGES = ['en', 'fr'] as const;
export type SummaryLanguage = (typeof SUMMARY_LANGUAGES)[number];

type Names = readonly string[];

export interface SummaryWords {
  title: (cycle: string) => string;
  context: string;
  organised: (
    organiser: string,
    cycle: string,
    kind: (typeof CYCLE_KINDS)[number],
    framework: string,
  ) => string;
  dates: (opened: string, due: string, closed: string | null) => string;
  answered: (responded: number, asked: number, rate: string) => string;
  counting: (threshold: string, base: 'ASKED' | 'RESPONDED') => string;
  generated: (at: string) => string;
  region: (label: string) => string;
  crossRegional: string;
  crossRegionalNote: string;
  whoAnswered: string;
  kind: Record<EntityKind, string>;
  askedColumn: string;
  answeredColumn: string;
  noAnswerFrom: (names: Names) => string;
  everyoneAnswered: string;
  spanning: (names: Names) => string;
  recommendations: string;
  recommenders: (count: number, names: Names) => string;
  noRecommendations: string;
  heading: (kind: 'THEME' | 'OBJECTIVE', id: string, position: number) => string;
  entityCount: (count: number) => string;
  recurring: string;
  recurringItem: (label: string, count: number, denominator: number, share: string) => string;
  noRecurring: string;
  coveredAll: (kind: 'THEME' | 'OBJECTIVE', total: number, names: Names) => string;
  nobodyCoveredAll: (kind: 'THEME' | 'OBJECTIVE', total: number) => string;
  unaddressed: (kind: 'THEME' | 'OBJECTIVE', labels: Names) => string;
  chartTitle: (kind: 'THEME' | 'OBJECTIVE') => string;
  goodPractices: string;
  practiceCategory: (label: string, count: number, entities: number) => string;
  noGoodPractices: string;
  category: Record<string, string>;
  innovative: string;
  innovativeItem: (title: string, entity: string) => string;
  implementation: string;
  implementationByHeading: (kind: 'THEME' | 'OBJECTIVE') => string;
  implementationByLevel: string;
  status: Record<string, string>;
  level: Record<string, string>;
  percent: (share: number | null) => string;
  date: (instant: string) => string;
  list: (names: Names) => string;
  /** A label and what follows it: French puts a (non-breaking) space before the colon. */
  colon: (label: string, rest: string) => string;
}

const percent = (language: SummaryLanguage) => (share: number | null) =>
  share === null ? '-' : `${Math.round(share * 100)}${language === 'fr' ? '\u00a0%' : '%'}`;

const date = (language: SummaryLanguage) => (instant: string) =>
  new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(new Date(instant));

const list = (and: string) => (names: Names) =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} ${and} ${names.at(-1)}`;

const EN: SummaryWords = {
  title: (cycle) => `${cycle}: summary of the results`,
  context: 'Context',
  organised: (organiser, _cycle, kind, framework) =>
    `${kind === 'REVIEW' ? 'A review of progress' : 'A consultation'} under the ${framework}. Organiser: ${organiser}.`,
  dates: (opened, due, closed) =>
    `It opened on ${opened}, reports were due on ${due}${closed ? ` and it closed on ${closed}` : ' and it is still open'}.`,
  answered: (responded, asked, rate) =>
    `${asked} ${asked === 1 ? 'entity was' : 'entities were'} asked to report; ${responded} answered (${rate}).`,
  counting: (threshold, base) =>
    `An interregional forum's answer counts in every region it spans; across regions each entity counts once. A recommendation recurs when more than ${threshold} of the entities ${base === 'ASKED' ? 'asked' : 'that answered'} made it.`,
  generated: (at) => `Figures as computed on ${at}.`,
  region: (label) => label,
  crossRegional: 'Across regions',
  crossRegionalNote: 'Each entity counts once here, whatever the number of regions it spans.',
  whoAnswered: 'Who was asked and who answered',
  kind: {
    RCP: 'Regional consultative processes (RCPs)',
    IRF: 'Interregional forums (IRFs)',
    GLOBAL_PROCESS: 'Global processes',
    REO: 'Regional economic organisations',
    UN_REGIONAL_COMMISSION: 'UN regional commissions',
    IGO: 'Intergovernmental organisations',
    STATE: 'States',
    NON_STATE: 'Non-state partners',
  },
  askedColumn: 'asked',
  answeredColumn: 'answered',
  noAnswerFrom: (names) => `No answer was received from ${list('and')(names)}.`,
  everyoneAnswered: 'Every entity asked answered.',
  spanning: (names) => `Counted here as in every region they span: ${list('and')(names)}.`,
  recommendations: 'Recommendations',
  recommenders: (count, names) =>
    `${count} ${count === 1 ? 'entity' : 'entities'} made recommendations: ${list('and')(names)}.`,
  noRecommendations: 'No entity made recommendations.',
  heading: (kind, id, position) => (kind === 'THEME' ? `Theme ${position}` : `Objective ${id}`),
  entityCount: (count) => `${count} ${count === 1 ? 'entity' : 'entities'}`,
  recurring: 'Recurring',
  recurringItem: (label, count, denominator, share) =>
    `${label} (${count} of ${denominator}, ${share})`,
  noRecurring: 'no recurring recommendation',
  coveredAll: (kind, total, names) =>
    `${names.length === 1 ? 'Only' : ''} ${list('and')(names)} made recommendations on all ${total} ${kind === 'THEME' ? 'themes' : 'objectives'}.`.trim(),
  nobodyCoveredAll: (kind, total) =>
    `No entity made recommendations on all ${total} ${kind === 'THEME' ? 'themes' : 'objectives'}.`,
  unaddressed: (kind, labels) =>
    `${kind === 'THEME' ? 'Themes' : 'Objectives'} nobody made a recommendation on: ${list('and')(labels)}.`,
  chartTitle: (kind) =>
    `Entities making recommendations, by ${kind === 'THEME' ? 'theme' : 'objective'}`,
  goodPractices: 'Good practices and innovative solutions',
  practiceCategory: (label, count, entities) =>
    `${label}: ${count} ${count === 1 ? 'practice' : 'practices'} from ${entities} ${entities === 1 ? 'entity' : 'entities'}`,
  noGoodPractices: 'No good practice was reported.',
  category: {
    LAWS_AND_POLICIES: 'Laws and policies',
    PROJECTS: 'Projects',
    CAPACITY_BUILDING: 'Capacity-building mechanisms',
    MANUALS_GUIDANCE_PUBLICATIONS: 'Manuals, guidance and publications',
    STRUCTURES: 'Structures',
    RESEARCH_DATA_ANALYSIS: 'Research, data collection and analysis',
    INTERSTATE_DIALOGUE_COOPERATION: 'Inter-state dialogue and cooperation',
  },
  innovative: 'Innovative solutions',
  innovativeItem: (title, entity) => `${title} (${entity})`,
  implementation: 'Implementation',
  implementationByHeading: (kind) =>
    `Progress reported on commitments, by ${kind === 'THEME' ? 'theme' : 'objective'}`,
  implementationByLevel: 'Progress reported on commitments, by level',
  status: {
    NOT_STARTED: 'not started',
    IN_PROGRESS: 'in progress',
    PARTIALLY_ACHIEVED: 'partially achieved',
    ACHIEVED: 'achieved',
    DISCONTINUED: 'discontinued',
  },
  level: {
    NATIONAL: 'National',
    RCP: 'Regional (RCP)',
    IRF: 'Interregional (IRF)',
    GLOBAL: 'Global',
    PARTNER: 'Partners',
  },
  percent: percent('en'),
  date: date('en'),
  list: list('and'),
  colon: (label, rest) => `${label}: ${rest}`,
};

const FR: SummaryWords = {
  title: (cycle) => `${cycle}\u00a0: résumé des résultats`,
  context: 'Contexte',
  organised: (organiser, _cycle, kind, framework) =>
    `${kind === 'REVIEW' ? 'Examen des progrès accomplis' : 'Consultation'} menée au titre du cadre « ${framework} ». Organisateur : ${organiser}.`,
  dates: (opened, due, closed) =>
    `Ouverture le ${opened} ; réponses attendues le ${due} ; ${closed ? `clôture le ${closed}` : 'toujours ouvert'}.`,
  answered: (responded, asked, rate) =>
    `${asked} ${asked === 1 ? 'entité a été interrogée' : 'entités ont été interrogées'} ; ${responded} ${responded === 1 ? 'a répondu' : 'ont répondu'} (${rate}).`,
  counting: (threshold, base) =>
    `La réponse d'un forum interrégional compte dans chaque région qu'il couvre ; dans l'aperçu transrégional, chaque entité compte une fois. Une recommandation est récurrente si plus de ${threshold} des entités ${base === 'ASKED' ? 'interrogées' : 'ayant répondu'} l'ont formulée.`,
  generated: (at) => `Chiffres calculés le ${at}.`,
  region: (label) => label,
  crossRegional: 'Aperçu transrégional',
  crossRegionalNote:
    'Chaque entité y compte une fois, quel que soit le nombre de régions qu’elle couvre.',
  whoAnswered: 'Entités interrogées et réponses reçues',
  kind: {
    RCP: 'Processus consultatifs régionaux (PCR)',
    IRF: 'Forums interrégionaux (FIR)',
    GLOBAL_PROCESS: 'Processus mondiaux',
    REO: 'Organisations économiques régionales',
    UN_REGIONAL_COMMISSION: 'Commissions régionales des Nations Unies',
    IGO: 'Organisations intergouvernementales',
    STATE: 'États',
    NON_STATE: 'Partenaires non étatiques',
  },
  askedColumn: 'interrogées',
  answeredColumn: 'ont répondu',
  noAnswerFrom: (names) => `Aucune réponse n'a été reçue de : ${list('et')(names)}.`,
  everyoneAnswered: 'Toutes les entités interrogées ont répondu.',
  spanning: (names) =>
    `Comptés ici comme dans chaque région qu'ils couvrent : ${list('et')(names)}.`,
  recommendations: 'Recommandations',
  recommenders: (count, names) =>
    `${count} ${count === 1 ? 'entité a formulé' : 'entités ont formulé'} des recommandations : ${list('et')(names)}.`,
  noRecommendations: "Aucune entité n'a formulé de recommandation.",
  heading: (kind, id, position) => (kind === 'THEME' ? `Thème ${position}` : `Objectif ${id}`),
  entityCount: (count) => `${count} ${count === 1 ? 'entité' : 'entités'}`,
  recurring: 'Récurrentes',
  recurringItem: (label, count, denominator, share) =>
    `${label} (${count} sur ${denominator}, ${share})`,
  noRecurring: 'aucune recommandation récurrente',
  coveredAll: (kind, total, names) =>
    names.length === 1
      ? `${names[0]} est la seule entité à avoir formulé des recommandations sur les ${total} ${kind === 'THEME' ? 'thèmes' : 'objectifs'}.`
      : `${list('et')(names)} ont formulé des recommandations sur les ${total} ${kind === 'THEME' ? 'thèmes' : 'objectifs'}.`,
  nobodyCoveredAll: (kind, total) =>
    `Aucune entité n'a formulé de recommandations sur les ${total} ${kind === 'THEME' ? 'thèmes' : 'objectifs'}.`,
  unaddressed: (kind, labels) =>
    `${kind === 'THEME' ? 'Thèmes' : 'Objectifs'} sans aucune recommandation : ${list('et')(labels)}.`,
  chartTitle: (kind) =>
    `Entités ayant formulé des recommandations, par ${kind === 'THEME' ? 'thème' : 'objectif'}`,
  goodPractices: 'Bonnes pratiques et solutions novatrices',
  practiceCategory: (label, count, entities) =>
    `${label} : ${count} ${count === 1 ? 'pratique' : 'pratiques'} de ${entities} ${entities === 1 ? 'entité' : 'entités'}`,
  noGoodPractices: "Aucune bonne pratique n'a été signalée.",
  category: {
    LAWS_AND_POLICIES: 'Lois et politiques',
    PROJECTS: 'Projets',
    CAPACITY_BUILDING: 'Mécanismes de renforcement des capacités',
    MANUALS_GUIDANCE_PUBLICATIONS: 'Manuels, orientations et publications',
    STRUCTURES: 'Structures',
    RESEARCH_DATA_ANALYSIS: 'Recherche, collecte et analyse de données',
    INTERSTATE_DIALOGUE_COOPERATION: 'Dialogue et coopération entre États',
  },
  innovative: 'Solutions novatrices',
  innovativeItem: (title, entity) => `${title} (${entity})`,
  implementation: 'Mise en œuvre',
  implementationByHeading: (kind) =>
    `Progrès signalés sur les engagements, par ${kind === 'THEME' ? 'thème' : 'objectif'}`,
  implementationByLevel: 'Progrès signalés sur les engagements, par niveau',
  status: {
    NOT_STARTED: 'non commencé',
    IN_PROGRESS: 'en cours',
    PARTIALLY_ACHIEVED: 'partiellement atteint',
    ACHIEVED: 'atteint',
    DISCONTINUED: 'abandonné',
  },
  level: {
    NATIONAL: 'National',
    RCP: 'Régional (PCR)',
    IRF: 'Interrégional (FIR)',
    GLOBAL: 'Mondial',
    PARTNER: 'Partenaires',
  },
  percent: percent('fr'),
  date: date('fr'),
  list: list('et'),
  colon: (label, rest) => `${label}\u00a0: ${rest}`,
};

export const SUMMARY_WORDS: Record<SummaryLanguage, SummaryWords> = { en: EN, fr: FR };
