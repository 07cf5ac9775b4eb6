import ExcelJS from 'exceljs';
import type { Cell, Sheet } from '#core';

/** Column widths, in characters: wide enough for ids and figures, capped for long texts. */
const MIN_WIDTH = 8;
const MAX_WIDTH = 60;

function widthOf(header: string, cells: Cell[]): number {
  const longest = Math.max(header.length, ...cells.map((cell) => String(cell ?? '').length));
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, longest + 2));
}

/**
 * Sheets as an XLSX workbook: a bold header row that stays in view when scrolling, columns
 * sized to their contents, numbers and booleans as such (cells a spreadsheet sums and filters).
 * Text is written as text, never as a formula.
 */
export async function toXlsx(sheets: readonly Sheet[]): Promise<Uint8Array<ArrayBuffer>> {
  const workbook = new ExcelJS.Workbook();
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name, {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    worksheet.columns = sheet.header.map((header, index) => ({
      header,
      width: widthOf(
        header,
        sheet.rows.map((row) => row[index] ?? null),
      ),
    }));
    worksheet.getRow(1).font = { bold: true };
    worksheet.addRows(sheet.rows);
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
