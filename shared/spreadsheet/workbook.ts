import { zipArchive } from '#shared/spreadsheet/zipArchive.ts';

/*
 * An .xlsx workbook (Office Open XML SpreadsheetML, ECMA-376) of plain tables: one sheet each,
 * the first row bold and frozen, text as inline strings (never read as a formula), figures as
 * numbers. Written here rather than with a spreadsheet library, which would add about a
 * megabyte to the function every report route loads; the tests read it back with exceljs.
 */

export type Cell = string | number;

export interface Sheet {
  /** At most 31 characters, none of `[]:*?/\`: Excel refuses other names. */
  readonly name: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

const xmlHeader = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const mainNamespace = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const relationshipNamespace = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const packageRelationships = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** Text as XML character data: markup escaped, characters XML 1.0 does not allow dropped. */
function xmlText(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** A column's name as a spreadsheet writes it: A, B, ..., Z, AA, ... (`index` from 0). */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}

function cellXml(value: Cell, reference: string, style: number): string {
  const styled = style === 0 ? '' : ` s="${style}"`;
  if (typeof value === 'number' && Number.isFinite(value)) {
    return `<c r="${reference}"${styled}><v>${value}</v></c>`;
  }
  // xml:space keeps leading and trailing spaces as typed.
  return `<c r="${reference}"${styled} t="inlineStr"><is><t xml:space="preserve">${xmlText(String(value))}</t></is></c>`;
}

function sheetXml(sheet: Sheet): string {
  const rows = [sheet.header, ...sheet.rows].map((cells, rowIndex) => {
    const number = rowIndex + 1;
    const style = rowIndex === 0 ? 1 : 0;
    return `<row r="${number}">${cells.map((cell, column) => cellXml(cell, `${columnName(column)}${number}`, style)).join('')}</row>`;
  });
  return `${xmlHeader}<worksheet xmlns="${mainNamespace}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetData>${rows.join('')}</sheetData></worksheet>`;
}

const stylesXml = `${xmlHeader}<styleSheet xmlns="${mainNamespace}"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs></styleSheet>`;

function assertSheetNames(sheets: readonly Sheet[]): void {
  const seen = new Set<string>();
  for (const { name } of sheets) {
    if (name.length === 0 || name.length > 31 || /[[\]:*?/\\]/.test(name) || seen.has(name.toLowerCase())) {
      throw new Error(`"${name}" cannot name a sheet: 1 to 31 characters, none of []:*?/\\, each name once`);
    }
    seen.add(name.toLowerCase());
  }
}

export function xlsxWorkbook(sheets: readonly Sheet[]): Buffer {
  if (sheets.length === 0) throw new Error('A workbook has at least one sheet');
  assertSheetNames(sheets);
  const sheetParts = sheets.map((_, index) => `xl/worksheets/sheet${index + 1}.xml`);
  const contentTypes = `${xmlHeader}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>${sheetParts.map((part) => `<Override PartName="/${part}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}</Types>`;
  const rootRelationships = `${xmlHeader}<Relationships xmlns="${packageRelationships}"><Relationship Id="rId1" Type="${relationshipNamespace}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  const workbook = `${xmlHeader}<workbook xmlns="${mainNamespace}" xmlns:r="${relationshipNamespace}"><sheets>${sheets.map((sheet, index) => `<sheet name="${xmlText(sheet.name)}" sheetId="${index + 1}" r:id="rId${index + 1}"/>`).join('')}</sheets></workbook>`;
  const workbookRelationships = `${xmlHeader}<Relationships xmlns="${packageRelationships}">${sheetParts.map((part, index) => `<Relationship Id="rId${index + 1}" Type="${relationshipNamespace}/worksheet" Target="${part.replace('xl/', '')}"/>`).join('')}<Relationship Id="rId${sheets.length + 1}" Type="${relationshipNamespace}/styles" Target="styles.xml"/></Relationships>`;
  return zipArchive([
    { name: '[Content_Types].xml', content: Buffer.from(contentTypes) },
    { name: '_rels/.rels', content: Buffer.from(rootRelationships) },
    { name: 'xl/workbook.xml', content: Buffer.from(workbook) },
    { name: 'xl/_rels/workbook.xml.rels', content: Buffer.from(workbookRelationships) },
    { name: 'xl/styles.xml', content: Buffer.from(stylesXml) },
    ...sheets.map((sheet, index) => ({
      name: sheetParts[index] ?? '',
      content: Buffer.from(sheetXml(sheet)),
    })),
  ]);
}
