/** What the CSV and XLSX export routes share: the tag and the file name. */

export const EXPORT_TAGS = ['Exports'];

/** Headers of a file to save: `{cycleId}-rollup.csv` (cycle ids are letters, digits and hyphens). */
export function fileHeaders(mediaType: string, filename: string): Record<string, string> {
  return {
    'Content-Type': mediaType,
    'Content-Disposition': `attachment; filename="${filename}"`,
  };
}
