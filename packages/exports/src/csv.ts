import { stringify } from 'csv-stringify/sync';
import type { Cell, Table } from '#core';

export const CSV_MEDIA_TYPE = 'text/csv; charset=utf-8';

/**
 * Cells a spreadsheet would take for a formula (`=`, `+`, `-`, `@`, or a tab or carriage return
 * first): text typed by respondents must never run when a secretariat opens the file.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

function safeCell(cell: Cell): Cell {
  return typeof cell === 'string' && FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/**
 * A table as CSV the way Excel opens it right: UTF-8 with a byte order mark (accents intact),
 * CRLF line ends, TRUE and FALSE for booleans, empty cells for null.
 */
export function toCsv(table: Table): string {
  return stringify([table.header, ...table.rows.map((row) => row.map(safeCell))], {
    bom: true,
    record_delimiter: 'windows',
    cast: { boolean: (value) => (value ? 'TRUE' : 'FALSE') },
  });
}
