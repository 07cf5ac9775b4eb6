/**
 * Values compared and named by their content: one canonical JSON (keys sorted, undefined left
 * out), the fields in which two objects differ, and a short stable hash of a text.
 */

/** JSON with every object's keys sorted and undefined left out: equal values, equal text. */
export function canonical(value: unknown): string {
  return JSON.stringify(sorted(value));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .flatMap((key) => {
          const item = (value as Record<string, unknown>)[key];
          return item === undefined ? [] : [[key, sorted(item)]];
        }),
    );
  }
  return value;
}

/** The fields (sorted) whose values differ between two objects, `ignored` left out. */
export function differingFields(a: object, b: object, ignored: readonly string[] = []): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys]
    .filter((key) => !ignored.includes(key))
    .filter(
      (key) =>
        canonical((a as Record<string, unknown>)[key]) !==
        canonical((b as Record<string, unknown>)[key]),
    )
    .sort();
}

/**
 * A short, stable hash of a text (64-bit FNV-1a over its UTF-8 bytes, hex), with no Node module
 * (the core runs anywhere): ids derived from what they name. Not for security.
 */
export function shortHash(text: string): string {
  let value = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    value = BigInt.asUintN(64, (value ^ BigInt(byte)) * 0x100000001b3n);
  }
  return value.toString(16).padStart(16, '0').toUpperCase();
}
