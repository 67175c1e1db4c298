import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import unzipper from 'unzipper';

/*
 * Reads an .xlsx workbook (ECMA-376 SpreadsheetML) one row at a time. The zip's central
 * directory lets the parts be read in the order they are needed, whatever order the program
 * that wrote it put them in: the sheet list, the shared strings and the styles first, then each
 * sheet's XML as a stream, a row handed on as soon as it is parsed. So a sheet of 20,000 rows is
 * read in the memory of one row (beside the shared strings, which every cell may point into).
 */

/** A cell's value: text, a number, true or false, or a date (a number in a date format). */
export type SheetCell = string | number | boolean | Date | undefined;

export interface SheetRow {
  /** The row's number, from 1. */
  readonly number: number;
  /** Its cells from column A, an empty cell undefined. */
  readonly cells: readonly SheetCell[];
}

export interface WorkbookSheet {
  readonly name: string;
  rows(): AsyncGenerator<SheetRow>;
}

/** Thrown for a file that is not a workbook this reader can read. */
export class UnreadableWorkbookError extends Error {
  override readonly name = 'UnreadableWorkbookError';
}

type ZipDirectory = Awaited<ReturnType<typeof unzipper.Open.file>>;
type ZipEntry = ZipDirectory['files'][number];

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/** Feeds a part's XML to a SAX parser chunk by chunk, yielding what `collect` gathered after each. */
async function* parsePart<T>(
  stream: Readable,
  listen: (parser: SaxesParser, emit: (item: T) => void) => void,
): AsyncGenerator<T> {
  const parser = new SaxesParser();
  // A chunk may end inside a character's UTF-8 bytes: the decoder keeps them for the next one.
  const decoder = new StringDecoder('utf8');
  const ready: T[] = [];
  listen(parser, (item) => ready.push(item));
  for await (const chunk of stream) {
    parser.write(decoder.write(chunk as Buffer));
    yield* ready.splice(0);
  }
  parser.write(decoder.end());
  parser.close();
  yield* ready.splice(0);
}

async function collectPart<T>(
  entry: ZipEntry | undefined,
  listen: (parser: SaxesParser, emit: (item: T) => void) => void,
): Promise<T[]> {
  if (!entry) return [];
  const items: T[] = [];
  for await (const item of parsePart(entry.stream(), listen)) items.push(item);
  return items;
}

/** Texts of the shared-string table: each `si` is its `t` runs joined (phonetic `rPh` runs left out). */
function sharedStrings(parser: SaxesParser, emit: (text: string) => void): void {
  let text = '';
  let inText = false;
  let phonetic = 0;
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const name = localName(tag.name);
    if (name === 'si') text = '';
    else if (name === 'rPh') phonetic += 1;
    else if (name === 't' && phonetic === 0) inText = true;
  });
  parser.on('text', (chunk) => {
    if (inText) text += chunk;
  });
  parser.on('closetag', (tag) => {
    const name = localName(tag.name);
    if (name === 't') inText = false;
    else if (name === 'rPh') phonetic -= 1;
    else if (name === 'si') emit(text);
  });
}

/** Excel's built-in number formats that show a date (14–22, 45–47, and the East Asian 27–36 and 50–58). */
const builtInDateFormats = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54,
  55, 56, 57, 58,
]);

/** Whether a custom format code shows a date: a y, m or d outside quotes, brackets and escapes. */
const isDateFormatCode = (code: string) =>
  /[ymd]/i.test(code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '')) && !/^general$/i.test(code);

/** For each cell style (`s`), whether it shows a date. */
function dateStyles(parser: SaxesParser, emit: (isDate: boolean) => void): void {
  const customDates = new Set<number>();
  let inCellStyles = false;
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const name = localName(tag.name);
    if (name === 'numFmt' && isDateFormatCode(tag.attributes.formatCode ?? '')) {
      customDates.add(Number(tag.attributes.numFmtId));
    } else if (name === 'cellXfs') inCellStyles = true;
    else if (name === 'xf' && inCellStyles) {
      const format = Number(tag.attributes.numFmtId ?? 0);
      emit(builtInDateFormats.has(format) || customDates.has(format));
    }
  });
  parser.on('closetag', (tag) => {
    if (localName(tag.name) === 'cellXfs') inCellStyles = false;
  });
}

/** Excel's day 0 (serial dates count from 1899-12-30, its 1900 leap-year bug included). */
const excelEpoch = Date.UTC(1899, 11, 30);

/** The column index (from 0) of a cell reference such as `AB12`. */
function columnIndex(reference: string): number {
  let index = 0;
  for (const letter of reference.replace(/\d+$/, '')) index = index * 26 + (letter.charCodeAt(0) - 64);
  return index - 1;
}

function sheetRows(
  strings: readonly string[],
  styles: readonly boolean[],
): (parser: SaxesParser, emit: (row: SheetRow) => void) => void {
  return (parser, emit) => {
    let rowNumber = 0;
    let cells: SheetCell[] = [];
    let cell: { column: number; type: string; style: number; text: string } | undefined;
    let inValue = false;
    parser.on('opentag', (tag: SaxesTagPlain) => {
      const name = localName(tag.name);
      if (name === 'row') {
        rowNumber = tag.attributes.r ? Number(tag.attributes.r) : rowNumber + 1;
        cells = [];
      } else if (name === 'c') {
        const reference = tag.attributes.r;
        cell = {
          column: reference ? columnIndex(reference) : cells.length,
          type: tag.attributes.t ?? 'n',
          style: Number(tag.attributes.s ?? 0),
          text: '',
        };
      } else if ((name === 'v' || name === 't') && cell) inValue = true;
    });
    parser.on('text', (chunk) => {
      if (inValue && cell) cell.text += chunk;
    });
    parser.on('closetag', (tag) => {
      const name = localName(tag.name);
      if (name === 'v' || name === 't') inValue = false;
      else if (name === 'c' && cell) {
        cells[cell.column] = cellValue(cell, strings, styles);
        cell = undefined;
      } else if (name === 'row') {
        emit({ number: rowNumber, cells: Array.from(cells) });
      }
    });
  };
}

function cellValue(
  cell: { readonly type: string; readonly style: number; readonly text: string },
  strings: readonly string[],
  styles: readonly boolean[],
): SheetCell {
  switch (cell.type) {
    case 's':
      return strings[Number(cell.text)];
    case 'inlineStr':
    case 'str':
      return cell.text;
    case 'b':
      return cell.text === '1';
    case 'e':
      return undefined;
    case 'd':
      return new Date(cell.text);
    default: {
      if (cell.text === '') return undefined;
      const number = Number(cell.text);
      if (styles[cell.style]) return new Date(excelEpoch + Math.round(number * 86_400_000));
      return number;
    }
  }
}

/** The sheets' names and parts, in the workbook's order: `workbook.xml` and its relationships. */
async function sheetParts(directory: ZipDirectory): Promise<{ name: string; path: string }[]> {
  const part = (path: string) => directory.files.find((file) => file.path === path);
  const sheets = await collectPart<{ name: string; id: string }>(part('xl/workbook.xml'), (parser, emit) =>
    parser.on('opentag', (tag: SaxesTagPlain) => {
      if (localName(tag.name) !== 'sheet') return;
      const id = Object.entries(tag.attributes).find(([attribute]) => localName(attribute) === 'id')?.[1];
      emit({ name: tag.attributes.name ?? '', id: id ?? '' });
    }),
  );
  const targets = await collectPart<{ id: string; target: string }>(
    part('xl/_rels/workbook.xml.rels'),
    (parser, emit) =>
      parser.on('opentag', (tag: SaxesTagPlain) => {
        if (localName(tag.name) === 'Relationship') {
          emit({ id: tag.attributes.Id ?? '', target: tag.attributes.Target ?? '' });
        }
      }),
  );
  return sheets.flatMap((sheet) => {
    const target = targets.find((relationship) => relationship.id === sheet.id)?.target;
    if (!target) return [];
    return [{ name: sheet.name, path: target.startsWith('/') ? target.slice(1) : `xl/${target}` }];
  });
}

/**
 * What the parts may unpack to at most, together: a workbook of 20,000 reports unpacks to some
 * 60 MB; a zip made to unpack to far more (a "zip bomb") is refused before it is read.
 */
export const unpackedWorkbookLimit = 512 * 1024 * 1024;

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Opens the workbook in the file at `path`: its sheets, each read row by row when asked. */
export async function openWorkbook(path: string): Promise<WorkbookSheet[]> {
  let directory: ZipDirectory;
  try {
    directory = await unzipper.Open.file(path);
  } catch (error) {
    throw new UnreadableWorkbookError(`Not a zip archive: ${reasonOf(error)}`);
  }
  const unpacked = directory.files.reduce((sum, file) => sum + file.uncompressedSize, 0);
  if (unpacked > unpackedWorkbookLimit) {
    throw new UnreadableWorkbookError(`Unpacks to ${unpacked} bytes, more than ${unpackedWorkbookLimit}`);
  }
  const part = (name: string) => directory.files.find((file) => file.path === name);
  try {
    const strings = await collectPart(part('xl/sharedStrings.xml'), sharedStrings);
    const styles = await collectPart(part('xl/styles.xml'), dateStyles);
    const parts = await sheetParts(directory);
    return parts.map(({ name, path: sheetPath }) => ({
      name,
      async *rows() {
        const entry = part(sheetPath);
        if (!entry) throw new UnreadableWorkbookError(`The sheet ${name} has no part ${sheetPath}`);
        try {
          yield* parsePart(entry.stream(), sheetRows(strings, styles));
        } catch (error) {
          throw new UnreadableWorkbookError(`The sheet ${name} cannot be read: ${reasonOf(error)}`);
        }
      },
    }));
  } catch (error) {
    if (error instanceof UnreadableWorkbookError) throw error;
    throw new UnreadableWorkbookError(`Not a workbook: ${reasonOf(error)}`);
  }
}
