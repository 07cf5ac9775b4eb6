import { textIn } from './language-map.ts';
import { REGION_LABELS } from './regions.ts';
import type { CycleSummary, SectionSummary } from './summary.ts';
import { SUMMARY_WORDS, type SummaryLanguage, type SummaryWords } from './summary-words.ts';

/**
 * The summary as a document: headings, paragraphs, tables, lists and charts in reading order,
 * in one language. Markdown and HTML are two renderings of the same document, so they never
 * say different things.
 */

export type Block =
  | { type: 'title'; text: string }
  | { type: 'heading'; level: 2 | 3; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'table'; head: string[]; rows: string[][] }
  | { type: 'list'; items: Array<{ lead?: string; text: string; sub?: string[] }> }
  | { type: 'chart'; title: string; bars: Array<{ label: string; value: number }>; max: number }
  /** A region (or the cross-regional part): printed on a page of its own. */
  | { type: 'section'; blocks: Block[] };

export interface SummaryDocument {
  language: SummaryLanguage;
  title: string;
  blocks: Block[];
}

export function summaryDocument(summary: CycleSummary, language: SummaryLanguage): SummaryDocument {
  const words = SUMMARY_WORDS[language];
  const nameOf = (id: string) => textIn(summary.names[id], language, id);
  const title = textIn(summary.cycle.title, language, summary.cycle.id);
  const { cycle } = summary;
  const blocks: Block[] = [
    { type: 'title', text: words.title(title) },
    { type: 'heading', level: 2, text: words.context },
    {
      type: 'paragraph',
      text: words.organised(
        textIn(summary.organiserNames, language, cycle.organiser),
        title,
        cycle.kind,
        textIn(summary.framework.labels, language, summary.framework.id),
      ),
    },
    {
      type: 'paragraph',
      text: words.dates(
        words.date(cycle.opensAt),
        words.date(cycle.dueAt),
        cycle.closedAt ? words.date(cycle.closedAt) : null,
      ),
    },
    {
      type: 'paragraph',
      text: words.answered(
        summary.crossRegional.responded,
        summary.crossRegional.asked,
        words.percent(summary.crossRegional.responseRate),
      ),
    },
    {
      type: 'paragraph',
      text: words.counting(words.percent(cycle.recurring.threshold), cycle.recurring.base),
    },
    ...summary.regions.map(
      (section): Block => ({
        type: 'section',
        blocks: [
          {
            type: 'heading',
            level: 2,
            text: words.region(
              section.region ? textIn(REGION_LABELS[section.region], language, section.region) : '',
            ),
          },
          ...sectionBlocks(summary, section, words, language, nameOf),
        ],
      }),
    ),
    {
      type: 'section',
      blocks: [
        { type: 'heading', level: 2, text: words.crossRegional },
        { type: 'paragraph', text: words.crossRegionalNote },
        ...sectionBlocks(summary, summary.crossRegional, words, language, nameOf),
      ],
    },
    { type: 'paragraph', text: words.generated(words.date(summary.computedAt)) },
  ];
  return { language, title: words.title(title), blocks };
}

function sectionBlocks(
  summary: CycleSummary,
  section: SectionSummary,
  words: SummaryWords,
  language: SummaryLanguage,
  nameOf: (id: string) => string,
): Block[] {
  // Listed by name, as a reader looks for them, not by id.
  const names = (ids: readonly string[]) =>
    ids.map(nameOf).sort((a, b) => a.localeCompare(b, language));
  const { headingKind, headings } = summary;
  const headingName = (id: string) => {
    const index = headings.findIndex((h) => h.id === id);
    return words.heading(headingKind, id, index + 1);
  };
  const headingLabel = (id: string) =>
    textIn(headings.find((h) => h.id === id)?.labels, language, id);
  const itemLabel = (id: string) =>
    textIn(headings.flatMap((h) => h.items).find((i) => i.id === id)?.labels, language, id);
  const blocks: Block[] = [
    { type: 'heading', level: 3, text: words.whoAnswered },
    {
      type: 'paragraph',
      text: words.answered(section.responded, section.asked, words.percent(section.responseRate)),
    },
    {
      type: 'table',
      head: ['', words.askedColumn, words.answeredColumn],
      rows: section.byKind.map((row) => [
        words.kind[row.kind],
        words.colon(String(row.asked.length), words.list(names(row.asked))),
        row.answered.length === 0
          ? '0'
          : words.colon(String(row.answered.length), words.list(names(row.answered))),
      ]),
    },
    {
      type: 'paragraph',
      text:
        section.notAnswered.length > 0
          ? words.noAnswerFrom(names(section.notAnswered))
          : words.everyoneAnswered,
    },
    ...(section.spanning.length > 0
      ? [{ type: 'paragraph' as const, text: words.spanning(names(section.spanning)) }]
      : []),
    { type: 'heading', level: 3, text: words.recommendations },
    {
      type: 'paragraph',
      text:
        section.recommenders.length > 0
          ? words.recommenders(section.recommenders.length, names(section.recommenders))
          : words.noRecommendations,
    },
  ];
  if (section.recommenders.length > 0) {
    blocks.push({
      type: 'paragraph',
      text:
        section.coveredAll.length > 0
          ? words.coveredAll(headingKind, headings.length, names(section.coveredAll))
          : words.nobodyCoveredAll(headingKind, headings.length),
    });
    blocks.push({
      type: 'chart',
      title: words.chartTitle(headingKind),
      bars: section.headings.map((h) => ({ label: headingName(h.id), value: h.entities.length })),
      max: Math.max(1, section.asked),
    });
    blocks.push({
      type: 'list',
      items: section.headings
        .filter((h) => h.entities.length > 0)
        .map((h) => ({
          lead: words.colon(headingName(h.id), words.entityCount(h.entities.length)),
          text: headingLabel(h.id),
          sub: [
            words.colon(
              words.recurring,
              h.recurring.length > 0
                ? h.recurring
                    .map((r) =>
                      words.recurringItem(
                        itemLabel(r.id),
                        r.count,
                        r.denominator,
                        words.percent(r.share),
                      ),
                    )
                    .join(' · ')
                : words.noRecurring,
            ),
          ],
        })),
    });
    if (section.unaddressed.length > 0) {
      blocks.push({
        type: 'paragraph',
        text: words.unaddressed(headingKind, section.unaddressed.map(headingName)),
      });
    }
  }
  blocks.push({ type: 'heading', level: 3, text: words.goodPractices });
  if (section.goodPractices.length === 0) {
    blocks.push({ type: 'paragraph', text: words.noGoodPractices });
  } else {
    blocks.push({
      type: 'list',
      items: section.goodPractices.map((p) => ({
        lead: words.practiceCategory(words.category[p.category] ?? p.category, p.count, p.entities),
        text: '',
        sub: p.titles,
      })),
    });
  }
  if (section.innovative.length > 0) {
    blocks.push({
      type: 'list',
      items: [
        {
          lead: words.innovative,
          text: '',
          sub: section.innovative.map((i) => words.innovativeItem(i.title, nameOf(i.entityId))),
        },
      ],
    });
  }
  if (section.implementation) {
    const statuses = Object.keys(words.status);
    const table = (
      label: string,
      rows: Array<{ name: string; statuses: Record<string, number> }>,
    ) => ({
      type: 'table' as const,
      head: [label, ...statuses.map((s) => words.status[s] ?? s)],
      rows: rows.map((row) => [row.name, ...statuses.map((s) => String(row.statuses[s] ?? 0))]),
    });
    blocks.push(
      { type: 'heading', level: 3, text: words.implementation },
      { type: 'paragraph', text: words.implementationByHeading(headingKind) },
      table(
        '',
        section.implementation.byHeading.map((h) => ({
          name: headingName(h.id),
          statuses: h.statuses,
        })),
      ),
      { type: 'paragraph', text: words.implementationByLevel },
      table(
        '',
        section.implementation.byLevel.map((l) => ({
          name: words.level[l.level] ?? l.level,
          statuses: l.statuses,
        })),
      ),
    );
  }
  return blocks;
}
