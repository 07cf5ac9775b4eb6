import { describe, expect, it } from 'vitest';
import { type Framework, frameworkIssues, SHIPPED_FRAMEWORKS, ShippedLanguageMap } from '#core';

const byId = (id: string) =>
  SHIPPED_FRAMEWORKS.find((framework) => framework.id === id) as Framework;

describe('shipped frameworks', () => {
  it('are nyd-2016, the only default, and gcm-2018', () => {
    expect(SHIPPED_FRAMEWORKS.map((f) => f.id)).toEqual(['nyd-2016', 'gcm-2018']);
    expect(SHIPPED_FRAMEWORKS.filter((f) => f.default).map((f) => f.id)).toEqual(['nyd-2016']);
  });

  it('group the 24 elements a to x in the six themes of A/RES/71/280', () => {
    const nyd = byId('nyd-2016');
    const themes = Object.fromEntries(
      nyd.groups.map((g) => [g.id, g.items.map((i) => i.id).join('')]),
    );
    expect(themes).toEqual({
      T1: 'iou',
      T2: 'mqwp',
      T3: 'efjsvxr',
      T4: 'adht',
      T5: 'cnbg',
      T6: 'kl',
    });
    const elements = nyd.groups.flatMap((g) => g.items.map((i) => i.id)).sort();
    expect(elements.join('')).toBe('abcdefghijklmnopqrstuvwx');
  });

  it('list the Compact’s 23 objectives under one group', () => {
    const gcm = byId('gcm-2018');
    expect(gcm.groups.map((g) => g.id)).toEqual(['GCM']);
    expect(gcm.groups[0]?.items.map((i) => i.id)).toEqual(
      Array.from({ length: 23 }, (_, i) => String(i + 1)),
    );
    expect(gcm.groups[0]?.items[19]?.labels.fr).toMatch(/envois de fonds/);
  });

  it('label everything in English and French, and never reuse an id', () => {
    for (const framework of SHIPPED_FRAMEWORKS) {
      const labels = [
        framework.labels,
        ...framework.groups.flatMap((g) => [g.labels, ...g.items.map((i) => i.labels)]),
      ];
      expect(labels.every((label) => ShippedLanguageMap.safeParse(label).success)).toBe(true);
      expect(frameworkIssues(framework)).toEqual([]);
    }
  });

  it('take the French element texts from the seed', () => {
    const element = (id: string) =>
      byId('nyd-2016')
        .groups.flatMap((g) => g.items)
        .find((i) => i.id === id);
    expect(element('h')?.labels.fr).toMatch(/^L'importance des envois de fonds/);
    expect(element('v')?.labels.fr).toBe(
      'La production de données ventilées sur les migrations internationales',
    );
  });
});

describe('framework rules', () => {
  it('refuse a group id that equals an item id, and an item id used twice', () => {
    const broken: Framework = {
      id: 'broken',
      default: false,
      labels: { en: 'Broken' },
      groups: [
        { id: 'a', labels: { en: 'A' }, items: [{ id: 'a', labels: { en: 'a' } }] },
        {
          id: 'B',
          labels: { en: 'B' },
          items: [
            { id: 'x', labels: { en: 'x' } },
            { id: 'x', labels: { en: 'x' } },
          ],
        },
      ],
    };
    expect(frameworkIssues(broken).map((i) => i.pointer)).toEqual([
      '/groups/0/items/0/id',
      '/groups/1/items/1/id',
    ]);
  });
});
