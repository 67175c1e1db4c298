import en from '#console/messages/en.json' with { type: 'json' };
import zhCN from '#console/messages/zh-CN.json' with { type: 'json' };
import {
  bilingualName,
  type CellKind,
  type ImportColumn,
  importLayouts,
} from '#shared/programmeImport/workbookLayout.ts';
import { type Sheet, xlsxWorkbook } from '#shared/spreadsheet/workbook.ts';

/*
 * The workbook a bureau fills in to bring in a programme already running: a sheet of
 * instructions with every column's meaning and allowed values, then one empty sheet per kind
 * of record with its headers in Chinese and English.
 */

const kindNotes: Readonly<Record<CellKind, string>> = {
  text: '文本 Text',
  list: '多项，用分号、逗号或顿号分隔 Several, separated by ; , or 、',
  date: '日期，写作 YYYY-MM-DD 或日期格式单元格 A date: YYYY-MM-DD, or a date cell',
  count: '非负整数，空白为 0 A whole number, 0 if empty',
  choice: '以下之一 One of',
  choices: '以下一项或多项，用分号、逗号或顿号分隔 One or more of these, separated by ; , or 、',
};

const catalogue = (language: Readonly<Record<string, string>>, key: string) => language[key] ?? key;

function allowedValues(column: ImportColumn): string {
  if (!column.choices) return '';
  const { ids, labelPrefix } = column.choices;
  return ids
    .map(
      (id) => `${catalogue(zhCN, `${labelPrefix}.${id}`)} / ${catalogue(en, `${labelPrefix}.${id}`)} (${id})`,
    )
    .join('; ');
}

/** What the instructions sheet says first: how an import goes, in both languages. */
const generalNotes: readonly (readonly [string, string])[] = [
  [
    '上传后先试运行：逐行用与表单相同的规则检查，列出每个工作表、行、列的问题，不写入任何内容。确认后才导入。',
    'An upload is checked first, row by row with the forms’ own rules; each problem is listed by sheet, row and column, and nothing is written until the import is confirmed.',
  ],
  [
    '同一工作簿再次导入不会重复写入。每条记录都标注为导入，并记下文件的哈希、导入人和时间。',
    'Importing the same workbook again changes nothing. Every record is marked as imported, with the file’s hash, who imported it and when.',
  ],
  [
    '机构按名称、企业按统一社会信用代码、特派员按邮箱、协议按协议编号引用。',
    'Institutions are referred to by name, enterprises by unified social credit code, commissioners by email, agreements by their reference.',
  ],
  [
    '报告只填已于今天之前结束的报告期，按协议的报告周期从服务开始日期起算。今天之前结束而未填报告的报告期导入为“未报告”；其后的报告期按计划开放。导入不发送有关过去的邮件。',
    'Reports are for periods that ended before today, counted from the term start by the agreement’s cadence. A past period without a report arrives as unreported; later periods open on their schedule. No email is sent about the past.',
  ],
  [
    '第一行为表头，可只保留中文或英文；列的顺序不限。',
    'The first row is the header, in Chinese, English or both; columns may be in any order.',
  ],
];

export function importTemplate(): Buffer {
  const instructions: Sheet = {
    name: bilingualName({ zh: '说明', en: 'Instructions' }),
    header: ['工作表 Sheet', '列 Column', '必填 Required', '内容 What it holds', '可选值 Allowed values'],
    rows: [
      ...generalNotes.map(([zh, english]) => ['', '', '', `${zh}\n${english}`, '']),
      ...importLayouts.flatMap((layout) =>
        layout.columns.map((column) => [
          bilingualName(layout),
          bilingualName(column),
          column.required ? '是 Yes' : '否 No',
          kindNotes[column.kind],
          allowedValues(column),
        ]),
      ),
    ],
  };
  const sheets: Sheet[] = importLayouts.map((layout) => ({
    name: bilingualName(layout),
    header: layout.columns.map(bilingualName),
    rows: [],
  }));
  return xlsxWorkbook([instructions, ...sheets]);
}
