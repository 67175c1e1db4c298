import type { ImportedRow, WorkbookCheckResult } from '#shared/programmeImport/workbookCheck.ts';
import { WorkbookCheck } from '#shared/programmeImport/workbookCheck.ts';
import { bilingualName, importLayouts } from '#shared/programmeImport/workbookLayout.ts';
import { openWorkbook, UnreadableWorkbookError } from '#shared/spreadsheet/xlsxReader.ts';

/**
 * Checks the import workbook in the file at `path` row by row as it is read, handing each row
 * that passes to `onRow` at once (the caller stages it); `today` is the import's China date.
 * A sheet the import does not read (the instructions) is passed over.
 */
export async function checkWorkbook(
  path: string,
  today: string,
  onRow: (row: ImportedRow) => Promise<void>,
): Promise<WorkbookCheckResult> {
  const check = new WorkbookCheck(today);
  let sheetsFound = 0;
  for (const worksheet of await openWorkbook(path)) {
    const rows = worksheet.rows();
    const header = await rows.next();
    const sheet = header.done ? undefined : check.readHeader(worksheet.name, header.value.cells);
    if (sheet === undefined) {
      await rows.return(undefined);
      continue;
    }
    sheetsFound += 1;
    for await (const row of rows) {
      const imported = check.readRow(sheet, row.number, row.cells);
      if (imported) await onRow(imported);
    }
  }
  if (sheetsFound === 0) {
    throw new UnreadableWorkbookError(
      `Has none of the sheets ${importLayouts.map(bilingualName).join(', ')}`,
    );
  }
  return check.finish();
}
