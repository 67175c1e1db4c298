import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { xlsxWorkbook } from '#shared/spreadsheet/workbook.ts';
import { crc32 } from '#shared/spreadsheet/zipArchive.ts';

/** The workbook as exceljs reads it: each sheet's name and its rows' values. */
async function readBack(bytes: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook.worksheets.map((sheet) => ({
    name: sheet.name,
    rows: sheet
      .getSheetValues()
      .slice(1)
      .map((row) => (Array.isArray(row) ? row.slice(1) : [])),
    frozen: sheet.views[0]?.state === 'frozen' && sheet.views[0]?.ySplit === 1,
    headerBold: sheet.getRow(1).getCell(1).font?.bold === true,
  }));
}

describe('xlsxWorkbook', () => {
  it('writes each sheet with its header and rows, text as text and figures as numbers, read back by exceljs', async () => {
    const bytes = xlsxWorkbook([
      {
        name: '按年度',
        header: ['年度', '特派员', '解决技术难题'],
        rows: [
          ['2018', 3, 12],
          ['2019', 5, 20.5],
        ],
      },
      { name: 'By institution', header: ['Institution', 'Reports'], rows: [['浙江大学 <R&D> "lab"', 7]] },
    ]);
    expect(await readBack(bytes)).toEqual([
      {
        name: '按年度',
        rows: [
          ['年度', '特派员', '解决技术难题'],
          ['2018', 3, 12],
          ['2019', 5, 20.5],
        ],
        frozen: true,
        headerBold: true,
      },
      {
        name: 'By institution',
        rows: [
          ['Institution', 'Reports'],
          ['浙江大学 <R&D> "lab"', 7],
        ],
        frozen: true,
        headerBold: true,
      },
    ]);
  });

  it('keeps text that looks like a formula as text, and drops characters XML cannot carry', async () => {
    const bytes = xlsxWorkbook([
      { name: 'Sheet', header: ['Name'], rows: [['=HYPERLINK("x")'], ['a\u0001b']] },
    ]);
    const [sheet] = await readBack(bytes);
    expect(sheet?.rows).toEqual([['Name'], ['=HYPERLINK("x")'], ['ab']]);
  });

  it('makes the same bytes from the same tables', () => {
    const sheets = [{ name: 'Totals', header: ['Category', 'Total'], rows: [['Reports', 4]] }];
    expect(xlsxWorkbook(sheets).equals(xlsxWorkbook(sheets))).toBe(true);
  });

  it.each([
    ['', 'an empty name'],
    ['a'.repeat(32), 'a name over 31 characters'],
    ['By year/institution', 'a slash'],
  ])('refuses %j as a sheet name (%s), and a name given twice', (name) => {
    expect(() => xlsxWorkbook([{ name, header: [], rows: [] }])).toThrow(/cannot name a sheet/);
    expect(() =>
      xlsxWorkbook([
        { name: 'Totals', header: [], rows: [] },
        { name: 'totals', header: [], rows: [] },
      ]),
    ).toThrow(/cannot name a sheet/);
  });
});

describe('crc32', () => {
  it('gives the check value of the CRC-32 catalogue for "123456789"', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});
