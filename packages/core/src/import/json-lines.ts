/**
 * The line each value of a JSON text starts on, by JSON Pointer, down to `maxDepth` levels: one
 * pass over text that JSON.parse has already accepted, so that an issue in a bundle of thousands
 * of elements names its line without a second parser.
 */
export function jsonLines(text: string, maxDepth = 4): Map<string, number> {
  const lines = new Map<string, number>();
  let at = 0;
  let line = 1;

  const skipSpace = () => {
    for (; at < text.length; at++) {
      const char = text[at];
      if (char === '\n') line++;
      else if (char !== ' ' && char !== '\t' && char !== '\r') return;
    }
  };
  // Strings never hold a raw line break in valid JSON: only whitespace counts lines.
  const readString = (): string => {
    const start = at;
    for (at++; text[at] !== '"'; at++) if (text[at] === '\\') at++;
    at++;
    return JSON.parse(text.slice(start, at)) as string;
  };
  const value = (pointer: string | undefined, depth: number): void => {
    skipSpace();
    if (pointer !== undefined) lines.set(pointer, line);
    const deeper = (segment: string) =>
      pointer !== undefined && depth < maxDepth
        ? `${pointer}/${pointerSegment(segment)}`
        : undefined;
    const char = text[at];
    if (char === '{' || char === '[') {
      const close = char === '{' ? '}' : ']';
      at++;
      skipSpace();
      for (let index = 0; text[at] !== close; index++) {
        let segment = String(index);
        if (char === '{') {
          segment = readString();
          skipSpace();
          at++; // the colon
        }
        value(deeper(segment), depth + 1);
        skipSpace();
        if (text[at] === ',') {
          at++;
          skipSpace();
        }
      }
      at++;
    } else if (char === '"') {
      readString();
    } else {
      while (at < text.length && !',]} \t\r\n'.includes(text[at] as string)) at++;
    }
  };
  value('', 0);
  return lines;
}

/** RFC 6901: `~` and `/` in a segment are written `~0` and `~1`. */
export function pointerSegment(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

/** The line of the deepest recorded value the pointer lies in. */
export function lineOf(lines: ReadonlyMap<string, number>, pointer: string): number | undefined {
  for (let current = pointer; ; current = current.slice(0, current.lastIndexOf('/'))) {
    const line = lines.get(current);
    if (line !== undefined || current === '') return line;
  }
}
