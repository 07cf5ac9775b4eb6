import { z } from 'zod';
import type { InputIssue } from './errors.ts';
import { FrameworkId } from './ids.ts';
import { LanguageMap } from './language-map.ts';

/** Id of a group (theme) or item (element): short letters and digits (`T1`, `a`, `23`). */
const PartId = z.string().regex(/^[A-Za-z0-9]{1,16}$/, 'must be 1 to 16 letters or digits');

export const FrameworkItem = z.object({ id: PartId, labels: LanguageMap });
export const FrameworkGroup = z.object({
  id: PartId,
  labels: LanguageMap,
  items: z.array(FrameworkItem).min(1),
});

/** A reporting framework is data: groups (themes, objectives) of items (elements), each labelled. */
export const Framework = z.object({
  id: FrameworkId,
  default: z.boolean(),
  labels: LanguageMap,
  groups: z.array(FrameworkGroup).min(1),
});
export type Framework = z.infer<typeof Framework>;

/** Rules beyond shape: ids unique across groups and items, so a tag names exactly one part. */
export function frameworkIssues(framework: Framework): InputIssue[] {
  const issues: InputIssue[] = [];
  const seen = new Set<string>();
  const claim = (id: string, pointer: string) => {
    if (seen.has(id)) issues.push({ pointer, message: `id ${id} is used twice in the framework` });
    seen.add(id);
  };
  framework.groups.forEach((group, g) => {
    claim(group.id, `/groups/${g}/id`);
  });
  framework.groups.forEach((group, g) => {
    group.items.forEach((item, i) => {
      claim(item.id, `/groups/${g}/items/${i}/id`);
    });
  });
  return issues;
}
