import type { Block, SummaryDocument } from './summary-document.ts';

/**
 * The summary document as Markdown (reads well as plain text: charts become bars of characters)
 * and as self-contained HTML (prints on A4, a page per region, charts as inline SVG).
 */

export function renderMarkdown(document: SummaryDocument): string {
  return `${document.blocks.map(markdownBlock).join('\n\n')}\n`;
}

/** Characters Markdown would read as markup, escaped so that titles and names print as typed. */
function md(text: string): string {
  return text.replace(/([\\`*_[\]<>|#])/g, '\\$1');
}

const BAR_WIDTH = 20;

function markdownBlock(block: Block): string {
  switch (block.type) {
    case 'title':
      return `# ${md(block.text)}`;
    case 'heading':
      return `${'#'.repeat(block.level)} ${md(block.text)}`;
    case 'paragraph':
      return md(block.text);
    case 'table': {
      const row = (cells: string[]) => `| ${cells.map(md).join(' | ')} |`;
      return [
        row(block.head),
        `|${block.head.map(() => '---').join('|')}|`,
        ...block.rows.map(row),
      ].join('\n');
    }
    case 'list':
      return block.items
        .map((item) =>
          [
            `- ${item.lead ? `**${md(item.lead)}**${item.text ? ` — ${md(item.text)}` : ''}` : md(item.text)}`,
            ...(item.sub ?? []).map((line) => `  - ${md(line)}`),
          ].join('\n'),
        )
        .join('\n');
    case 'chart': {
      const width = Math.max(...block.bars.map((bar) => bar.label.length));
      const lines = block.bars.map((bar) => {
        const filled = Math.round((bar.value / block.max) * BAR_WIDTH);
        return `${bar.label.padEnd(width)}  ${'█'.repeat(filled)}${'·'.repeat(BAR_WIDTH - filled)}  ${bar.value}`;
      });
      return [md(block.title), '', '```text', ...lines, '```'].join('\n');
    }
    case 'section':
      return block.blocks.map(markdownBlock).join('\n\n');
  }
}

export function renderHtml(document: SummaryDocument): string {
  return [
    '<!doctype html>',
    `<html lang="${document.language}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${html(document.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...document.blocks.map(htmlBlock),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function html(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

function htmlBlock(block: Block): string {
  switch (block.type) {
    case 'title':
      return `<h1>${html(block.text)}</h1>`;
    case 'heading':
      return `<h${block.level}>${html(block.text)}</h${block.level}>`;
    case 'paragraph':
      return `<p>${html(block.text)}</p>`;
    case 'table':
      return [
        '<table>',
        `<thead><tr>${block.head.map((cell) => `<th scope="col">${html(cell)}</th>`).join('')}</tr></thead>`,
        '<tbody>',
        ...block.rows.map(
          (row) =>
            `<tr>${row.map((cell, i) => (i === 0 ? `<th scope="row">${html(cell)}</th>` : `<td>${html(cell)}</td>`)).join('')}</tr>`,
        ),
        '</tbody>',
        '</table>',
      ].join('\n');
    case 'list':
      return [
        '<ul>',
        ...block.items.map(
          (item) =>
            `<li>${item.lead ? `<strong>${html(item.lead)}</strong>${item.text ? ` — ${html(item.text)}` : ''}` : html(item.text)}${
              item.sub && item.sub.length > 0
                ? `<ul>${item.sub.map((line) => `<li>${html(line)}</li>`).join('')}</ul>`
                : ''
            }</li>`,
        ),
        '</ul>',
      ].join('\n');
    case 'chart':
      return chart(block);
    case 'section':
      return ['<section>', ...block.blocks.map(htmlBlock), '</section>'].join('\n');
  }
}

/** A horizontal bar chart: one bar per theme, scaled to the entities asked. */
function chart(block: Extract<Block, { type: 'chart' }>): string {
  const row = 22;
  const label = 120;
  const plot = 360;
  const height = block.bars.length * row + 8;
  const bars = block.bars.map((bar, i) => {
    const y = i * row + 4;
    const width = Math.round((bar.value / block.max) * plot);
    return [
      `<text x="${label - 8}" y="${y + 15}" text-anchor="end">${html(bar.label)}</text>`,
      `<rect x="${label}" y="${y + 3}" width="${plot}" height="16" class="track"/>`,
      `<rect x="${label}" y="${y + 3}" width="${width}" height="16" class="bar"/>`,
      `<text x="${label + width + 6}" y="${y + 15}">${bar.value}</text>`,
    ].join('');
  });
  return [
    '<figure>',
    `<svg viewBox="0 0 ${label + plot + 40} ${height}" width="100%" role="img" aria-label="${html(block.title)}">`,
    `<title>${html(block.title)}</title>`,
    ...bars,
    '</svg>',
    `<figcaption>${html(block.title)}</figcaption>`,
    '</figure>',
  ].join('\n');
}

const STYLE = `
:root { color-scheme: light; }
body { font: 11pt/1.45 "Noto Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: #1b1b1b; margin: 0; }
main { max-width: 180mm; margin: 0 auto; padding: 12mm 8mm; }
h1 { font-size: 20pt; color: #0b3d6b; margin: 0 0 6mm; }
h2 { font-size: 15pt; color: #0b3d6b; border-bottom: 1px solid #9bb3c9; padding-bottom: 1mm; margin-top: 8mm; }
h3 { font-size: 12pt; margin: 5mm 0 2mm; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 3mm; font-size: 10pt; }
th, td { border: 1px solid #c8d3de; padding: 1.5mm 2mm; text-align: left; vertical-align: top; }
thead th { background: #eef3f8; }
ul { padding-left: 6mm; }
li { margin: 1mm 0; }
figure { margin: 3mm 0; }
figcaption { font-size: 9pt; color: #555; }
svg text { font: 10px "Noto Sans", Helvetica, Arial, sans-serif; fill: #1b1b1b; }
svg .track { fill: #eef3f8; }
svg .bar { fill: #2a6fb0; }
@page { size: A4; margin: 16mm 15mm; }
@media print {
  main { max-width: none; padding: 0; }
  section { break-before: page; }
  table, figure, li { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
}
`;
