// The CSV writer alone: the workbook writer (`#exports/xlsx`) brings exceljs, which only the
// export function and the local runtime load.
export { CSV_MEDIA_TYPE, toCsv } from './csv.ts';
