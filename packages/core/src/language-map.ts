import { z } from 'zod';

/** BCP 47 language tag, simplified: a primary language subtag with optional subtags (`fr`, `es-419`, `zh-Hant`). */
const languageTag = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as "en" or "fr"');

const text = z.string().trim().min(1, 'must not be empty').max(500);

/** A human-readable text in several languages; English is always required. */
export const LanguageMap = z
  .record(languageTag, text)
  .refine((map) => typeof map.en === 'string', { message: 'must have an "en" text' });
export type LanguageMap = z.infer<typeof LanguageMap>;

/** Shipped reference data carries both English and French. */
export const ShippedLanguageMap = LanguageMap.refine((map) => typeof map.fr === 'string', {
  message: 'shipped data must have an "fr" text',
});

/** The text in `language`, else in English (always there), else the fallback (an id). */
export function textIn(map: LanguageMap | undefined, language: string, fallback: string): string {
  return map?.[language] ?? map?.en ?? fallback;
}
