/**
 * SES message tags carry the notice's id to the bounce and complaint events, so that feedback
 * leads back to its notice without a lookup table. Tag values allow only ASCII letters, digits,
 * `_` and `-` (at most 256 characters): other characters are written `_XX` per UTF-8 byte, and
 * `_` itself as `_5F`, so the encoding is reversible.
 */

/** The tag naming the notice an email carries. */
export const NOTICE_ID_TAG = 'noticeId';
/** The tag naming the notice's cycle, to break sending metrics down by cycle. */
export const CYCLE_ID_TAG = 'cycleId';

/** `N-SURVEY-2026-OPENED-FRA-0` stays as it is; `a.b` becomes `a_2Eb`. */
export function toTagValue(id: string): string {
  return encodeURIComponent(id)
    .replace(/[_.!~*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replaceAll('%', '_');
}

/** The id a tag value was made from. */
export function fromTagValue(value: string): string {
  return decodeURIComponent(value.replaceAll('_', '%'));
}
