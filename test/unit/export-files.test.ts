import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Table } from '#core';
import { toCsv } from '#exports';
import { toXlsx } from '#exports/xlsx';

const table: Table = {
  header: ['entityId', 'text', 'responseRate', 'late', 'link'],
  rows: [
    ['CIV', 'Côte d’Ivoire, "pilote"\nà Abidjan', 0.5, true, null],
    ['FRA', '=HYPERLINK("http://evil")', 1, false, '-1'],
  ],
};

describe('CSV', () => {
  const csv = toCsv(table);

  it('opens in Excel as written: a byte order mark, CRLF line ends, accents intact', () => {
    expect(csv.startsWith('\uFEFFentityId,text,')).toBe(true);
    expect(csv.split('\r\n')).toHaveLength(4);
    expect(parse(csv, { bom: true })).toEqual([
      table.header,
      ['CIV', 'Côte d’Ivoire, "pilote"\nà Abidjan', '0.5', 'TRUE', ''],
      ['FRA', `'=HYPERLINK("http://evil")`, '1', 'FALSE', "'-1"],
    ]);
  });

  it('never lets a text start as a formula', () => {
    expect(csv).not.toMatch(/(^|,|")=HYPERLINK/m);
  });
});

describe('XLSX', () => {
  it('has bold, frozen headers, sized columns, numbers and booleans as such, text as text', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await toXlsx([
        { name: 'Global', ...table },
        { name: 'Empty', header: table.header, rows: [] },
      ])) as never,
    );
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Global', 'Empty']);
    const sheet = workbook.getWorksheet('Global');
    expect(sheet?.getRow(1).values).toEqual([undefined, ...table.header]);
    expect(sheet?.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet?.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet?.getColumn(2).width).toBeGreaterThan(sheet?.getColumn(1).width ?? 0);
    expect(sheet?.getRow(2).getCell(3).value).toBe(0.5);
    expect(sheet?.getRow(2).getCell(4).value).toBe(true);
    expect(sheet?.getRow(2).getCell(5).value).toBeNull();
    expect(sheet?.getRow(3).getCell(2).type).toBe(ExcelJS.ValueType.String);
    expect(workbook.getWorksheet('Empty')?.rowCount).toBe(1);
  });
});
