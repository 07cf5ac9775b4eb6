import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildSummary,
  renderHtml,
  renderMarkdown,
  SUMMARY_LANGUAGES,
  summaryDocument,
} from '#core';
import { summaryInput } from '../fixtures/summary-cycle.ts';

/**
 * The summary report of a fixed cycle, in every language the product ships, against golden
 * files. After a deliberate change, rewrite them with `UPDATE_GOLDEN=1 npx vitest run
 * test/unit/summary-report.test.ts` and read the diff.
 */
const GOLDEN = join(import.meta.dirname, '../fixtures/golden');

async function golden(name: string, actual: string) {
  const file = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1') await writeFile(file, actual);
  expect(actual).toBe(await readFile(file, 'utf8'));
}

describe('the summary report', () => {
  const summary = buildSummary(summaryInput());

  for (const language of SUMMARY_LANGUAGES) {
    it(`reads as its golden Markdown in ${language}`, async () => {
      await golden(`summary.${language}.md`, renderMarkdown(summaryDocument(summary, language)));
    });

    it(`renders as its golden HTML in ${language}`, async () => {
      await golden(`summary.${language}.html`, renderHtml(summaryDocument(summary, language)));
    });
  }

  it('counts an interregional forum in every region it spans, and once across regions', () => {
    const africa = summary.regions.find((s) => s.region === 'AFRICA');
    const europe = summary.regions.find((s) => s.region === 'EUROPE');
    expect(africa?.spanning).toEqual(['ACP-EU']);
    expect(europe?.spanning).toEqual(['ACP-EU']);
    expect(africa?.asked).toBe(3);
    expect(europe?.asked).toBe(3);
    expect(summary.crossRegional).toMatchObject({ asked: 7, responded: 5, spanning: [] });
  });

  it('names who covered every theme, and what recurs', () => {
    expect(summary.crossRegional.coveredAll).toEqual(['ACP-EU', 'BUDAPEST']);
    const t3 = summary.crossRegional.headings.find((h) => h.id === 'T3');
    expect(t3?.entities).toEqual(['ACP-EU', 'BUDAPEST', 'ECLAC', 'IGAD-RCP', 'MIDWA']);
    expect(t3?.recurring.map((r) => r.id)).toEqual(['f']);
  });

  it('reports progress on commitments by theme and by level in a REVIEW cycle, and only there', () => {
    expect(summary.crossRegional.implementation).toBeUndefined();
    const review = buildSummary(summaryInput('REVIEW'));
    const { implementation } = review.crossRegional;
    expect(implementation?.byHeading.find((h) => h.id === 'T2')?.statuses).toMatchObject({
      IN_PROGRESS: 1,
      NOT_STARTED: 1,
    });
    expect(implementation?.byLevel.find((l) => l.level === 'RCP')?.statuses).toMatchObject({
      IN_PROGRESS: 1,
      ACHIEVED: 1,
    });
    const markdown = renderMarkdown(summaryDocument(review, 'fr'));
    expect(markdown).toContain('### Mise en œuvre');
    expect(markdown).toContain('| Régional (PCR) | 0 | 1 | 0 | 1 | 0 |');
  });

  it('escapes what users typed: no markup gets through', () => {
    const input = summaryInput();
    const hostile = {
      ...input,
      entities: input.entities.map((e) =>
        e.id === 'BUDAPEST' ? { ...e, names: { en: '<script>alert(1)</script> | *x*' } } : e,
      ),
    };
    const document = summaryDocument(buildSummary(hostile), 'en');
    expect(renderHtml(document)).not.toContain('<script>');
    expect(renderMarkdown(document)).toContain('\\<script\\>');
  });
});
