type Operation = {
  summary?: string;
  tags?: string[];
  parameters?: Array<{ name: string; in: string }>;
};
type Document = { info: { title: string; description?: string }; paths?: object };

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** A plain, self-contained page listing every operation of the OpenAPI document, grouped by tag. */
export function renderReferencePage(document: Document): string {
  const byTag = new Map<string, string[]>();
  for (const [path, item] of Object.entries(document.paths ?? {}) as Array<
    [string, Record<string, Operation>]
  >) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const tag = operation.tags?.[0] ?? 'General';
      const params = (operation.parameters ?? []).map((p) => `${p.name} (${p.in})`).join(', ');
      byTag.set(tag, [
        ...(byTag.get(tag) ?? []),
        `<li><span class="method">${method}</span><code>${escapeHtml(path)}</code> ${escapeHtml(operation.summary ?? '')}` +
          (params ? `<div class="params">${escapeHtml(params)}</div>` : '') +
          '</li>',
      ]);
    }
  }
  const sections = [...byTag]
    .map(([tag, items]) => `<h2>${escapeHtml(tag)}</h2><ul>${items.join('')}</ul>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(document.info.title)}</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
code { font: 14px ui-monospace, monospace; }
.method { display: inline-block; width: 4.5rem; font-weight: 700; text-transform: uppercase; }
li { margin: 0.4rem 0; list-style: none; }
.params { color: #555; font-size: 14px; margin-left: 4.5rem; }
</style>
</head>
<body>
<h1>${escapeHtml(document.info.title)}</h1>
<p>${escapeHtml(document.info.description ?? '')}</p>
<p>The machine-readable document is <a href="/openapi.json"><code>/openapi.json</code></a>.
Errors are RFC 9457 <code>application/problem+json</code>; versions travel as <code>ETag</code> and
<code>If-Match</code>; lists are <code>{ "items": [...], "nextCursor": ... }</code>.</p>
${sections}
</body>
</html>`;
}
