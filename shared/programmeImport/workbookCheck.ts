import * as z from 'zod';
import en from '#console/messages/en.json' with { type: 'json' };
import zhCN from '#console/messages/zh-CN.json' with { type: 'json' };
import type { AgreementTerms } from '#shared/agreement/model.ts';
import { reportPeriods } from '#shared/agreement/periods.ts';
import { agreementTermsShape, termEndsAfterStart } from '#shared/agreement/schema.ts';
import { applicationFormSchema } from '#shared/application/schema.ts';
import { calendarDate } from '#shared/calendarDateSchema.ts';
import { demandFormSchema } from '#shared/demand/schema.ts';
import { type FieldProblemParams, type Refusal, ValidationError } from '#shared/errors.ts';
import { organizationKey } from '#shared/identity.ts';
import type { OutcomeCounts } from '#shared/outcomes.ts';
import {
  bilingualName,
  type ImportColumn,
  type ImportSheet,
  type ImportSheetLayout,
  importLayouts,
  listSeparators,
  namesIt,
} from '#shared/programmeImport/workbookLayout.ts';
import { type Evidence, reportSubmissionSchema } from '#shared/report/schema.ts';
import { columnName } from '#shared/spreadsheet/workbook.ts';
import type { SheetCell } from '#shared/spreadsheet/xlsxReader.ts';
import { singleLineText } from '#shared/textSchemas.ts';
import { codedPattern, parseInput } from '#shared/validation.ts';

/*
 * Checks an import workbook row by row as it streams past, with the forms' own validators, and
 * the references between its sheets once all are read. Only what the references need is kept
 * (keys and row numbers), never the rows themselves: a row that passes is handed on at once.
 */

/** A cell's value as a spreadsheet reader gives it. */
export type RawCell = SheetCell;

/** What is wrong, where: the sheet, the row's number, and the column's letter and header. */
export interface CellProblem extends Refusal {
  readonly sheet: ImportSheet;
  readonly row: number;
  /** Absent for a problem of the sheet as a whole (a missing column names it in `params`). */
  readonly column?: string;
  readonly header?: string;
}

export interface ImportedInstitution {
  readonly name: string;
  readonly researchOfficeEmail: string;
}

export interface ImportedEnterprise {
  readonly creditCode: string;
  readonly name: string;
  readonly contactEmail: string;
}

export interface ImportedCommissioner {
  readonly email: string;
  readonly name: string;
  readonly phone: string;
  readonly homeInstitution: string;
  readonly title: string;
  readonly technicalFields: readonly string[];
  readonly industries: readonly string[];
  readonly serviceAreas: readonly string[];
  /** The year of the batch they joined in. */
  readonly batch: string;
}

export interface ImportedAgreement {
  readonly reference: string;
  readonly commissionerEmail: string;
  readonly enterpriseCreditCode: string;
  readonly terms: AgreementTerms;
}

/** An accepted report of a period that ended before the import. */
export interface ImportedReport {
  readonly agreementReference: string;
  readonly periodStart: string;
  readonly counts: OutcomeCounts;
  readonly narrative: string;
  readonly evidence: readonly Evidence[];
}

export type ImportedRow =
  | { readonly sheet: 'institutions'; readonly row: number; readonly record: ImportedInstitution }
  | { readonly sheet: 'enterprises'; readonly row: number; readonly record: ImportedEnterprise }
  | { readonly sheet: 'commissioners'; readonly row: number; readonly record: ImportedCommissioner }
  | { readonly sheet: 'agreements'; readonly row: number; readonly record: ImportedAgreement }
  | { readonly sheet: 'reports'; readonly row: number; readonly record: ImportedReport };

const email = applicationFormSchema.shape.email;
const reference = singleLineText(1, 60);

const rowSchemas = {
  institutions: z.strictObject({ name: singleLineText(2, 100), researchOfficeEmail: email }),
  enterprises: z.strictObject({
    creditCode: demandFormSchema.shape.creditCode,
    name: demandFormSchema.shape.enterpriseName,
    contactEmail: email,
  }),
  commissioners: applicationFormSchema
    .pick({
      email: true,
      name: true,
      phone: true,
      homeInstitution: true,
      title: true,
      technicalFields: true,
      industries: true,
      serviceAreas: true,
    })
    .extend({
      batch: z.string().regex(codedPattern(/^(19|20)\d\d$/, 'yearFormat'), 'must be a year written YYYY'),
    }),
  agreements: z
    .strictObject({
      reference,
      commissionerEmail: email,
      enterpriseCreditCode: demandFormSchema.shape.creditCode,
      ...agreementTermsShape,
    })
    .refine(...termEndsAfterStart),
  reports: reportSubmissionSchema
    .pick({ counts: true, narrative: true, evidence: true })
    .extend({ agreementReference: reference, periodStart: calendarDate }),
} satisfies Record<ImportSheet, z.ZodType>;

/** Problems listed in full; beyond them only counted (a workbook pasted into the wrong columns has one per cell). */
export const listedProblemLimit = 1000;

const catalogues: readonly Readonly<Record<string, string>>[] = [en, zhCN];

/** A choice's id from its id or either language's label, or the text as typed (the schema then names the allowed ids). */
function choiceId(column: ImportColumn, typed: string): string {
  const choices = column.choices;
  if (!choices) return typed;
  const found = organizationKey(typed);
  return (
    choices.ids.find(
      (id) =>
        organizationKey(id) === found ||
        catalogues.some((catalogue) => {
          const label = catalogue[`${choices.labelPrefix}.${id}`];
          return label !== undefined && organizationKey(label) === found;
        }),
    ) ?? typed
  );
}

/** Excel's day 0 (its serial dates count from 1899-12-30, the 1900 leap-year bug included). */
const excelEpoch = Date.UTC(1899, 11, 30);

const isoDate = (date: Date) => date.toISOString().slice(0, 10);

function textOf(cell: RawCell): string | undefined {
  if (cell === undefined) return undefined;
  const text = cell instanceof Date ? isoDate(cell) : String(cell).trim();
  return text === '' ? undefined : text;
}

const listOf = (cell: RawCell) =>
  (textOf(cell) ?? '')
    .split(listSeparators)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');

/** What a cell gives its field: the value the form would have sent. */
function cellInput(column: ImportColumn, cell: RawCell): unknown {
  switch (column.kind) {
    case 'text':
      return textOf(cell);
    case 'list':
      return listOf(cell);
    case 'choice': {
      const typed = textOf(cell);
      return typed === undefined ? undefined : choiceId(column, typed);
    }
    case 'choices':
      return listOf(cell).map((entry) => choiceId(column, entry));
    case 'date':
      // A date cell a reader did not recognise as one arrives as Excel's serial number.
      if (typeof cell === 'number') return isoDate(new Date(excelEpoch + Math.round(cell) * 86_400_000));
      return textOf(cell);
    case 'count': {
      const typed = textOf(cell);
      if (typed === undefined) return 0;
      return /^\d+$/.test(typed) ? Number(typed) : typeof cell === 'number' ? cell : typed;
    }
  }
}

const evidenceKinds = {
  patentNumbers: 'patentApplication',
  projectNumbers: 'project',
  certificateNumbers: 'certificate',
} as const;

/** A sheet being read: where each of its columns is, and the header it has there. */
interface SheetColumns {
  readonly layout: ImportSheetLayout;
  readonly index: ReadonlyMap<string, number>;
  readonly headers: ReadonlyMap<string, string>;
  /** Whether every required column is there; without one, no row of the sheet is read. */
  readonly complete: boolean;
}

interface AgreementReferenceTarget {
  readonly row: number;
  readonly commissionerEmail: string;
  readonly enterpriseCreditCode: string;
  readonly terms: AgreementTerms;
}

export interface WorkbookCheckResult {
  /** The first `listedProblemLimit` problems, in the order found. */
  readonly problems: readonly CellProblem[];
  readonly problemCount: number;
  /** Rows that passed, per sheet. */
  readonly rows: Readonly<Record<ImportSheet, number>>;
}

export class WorkbookCheck {
  private readonly sheets = new Map<ImportSheet, SheetColumns>();
  private readonly problems: CellProblem[] = [];
  private problemCount = 0;
  private readonly rowCounts: Record<ImportSheet, number> = {
    institutions: 0,
    enterprises: 0,
    commissioners: 0,
    agreements: 0,
    reports: 0,
  };
  private readonly institutions = new Map<string, number>();
  private readonly enterprises = new Map<string, number>();
  private readonly commissioners = new Map<string, { row: number; institution: string }>();
  private readonly agreements = new Map<string, AgreementReferenceTarget>();
  private readonly reports = new Map<
    string,
    { row: number; agreementReference: string; periodStart: string }
  >();
  /**
   * The keys of rows refused for their own problems: a row naming one is not told again that it
   * names nothing (its problem is the other row's).
   */
  private readonly refusedKeys = new Map<ImportSheet, Set<string>>();

  /** `today`: the import's China date; a past report's period must have ended before it. */
  constructor(private readonly today: string) {}

  /** Reads a sheet's header row: the sheet it is, or undefined for one the import does not read (the instructions). */
  readHeader(sheetName: string, cells: readonly RawCell[]): ImportSheet | undefined {
    const layout = importLayouts.find((candidate) => namesIt(sheetName, candidate));
    if (!layout) return undefined;
    const index = new Map<string, number>();
    const headers = new Map<string, string>();
    cells.forEach((cell, position) => {
      const text = textOf(cell);
      const column = text === undefined ? undefined : layout.columns.find((c) => namesIt(text, c));
      if (column && text !== undefined && !index.has(column.key)) {
        index.set(column.key, position);
        headers.set(column.key, text);
      }
    });
    let complete = true;
    for (const column of layout.columns.filter((c) => c.required && !index.has(c.key))) {
      complete = false;
      this.report({
        sheet: layout.sheet,
        row: 1,
        reason: `has no column ${bilingualName(column)}`,
        code: 'missingColumn',
        params: { column: bilingualName(column) },
      });
    }
    this.sheets.set(layout.sheet, { layout, index, headers, complete });
    return layout.sheet;
  }

  /** Checks one data row of a sheet whose header was read: the row as imported, or undefined when it has problems (or is empty). */
  readRow(sheet: ImportSheet, row: number, cells: readonly RawCell[]): ImportedRow | undefined {
    const columns = this.sheets.get(sheet);
    if (!columns?.complete || cells.every((cell) => textOf(cell) === undefined)) return undefined;
    const input: Record<string, unknown> = {};
    const evidenceSources: string[] = [];
    const evidence: { kind: string; number: string }[] = [];
    for (const column of columns.layout.columns) {
      const position = columns.index.get(column.key);
      if (position === undefined) continue;
      const value = cellInput(column, cells[position]);
      if (column.key in evidenceKinds) {
        for (const number of value as string[]) {
          evidence.push({ kind: evidenceKinds[column.key as keyof typeof evidenceKinds], number });
          evidenceSources.push(column.key);
        }
      } else {
        setPath(input, column.key, value);
      }
    }
    if (sheet === 'reports') input.evidence = evidence;
    let parsed: Record<string, unknown>;
    try {
      parsed = parseInput(rowSchemas[sheet], input) as Record<string, unknown>;
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      for (const problem of error.fields) {
        const key = columnKeyOf(problem.field, evidenceSources);
        this.report({
          ...this.at(sheet, row, key),
          reason: problem.reason,
          code: problem.code,
          ...paramsOf(problem),
        });
      }
      const key = referenceKeyOf(sheet, input);
      if (key !== undefined) this.refusedKeys.set(sheet, (this.refusedKeys.get(sheet) ?? new Set()).add(key));
      return undefined;
    }
    const imported = this.importedRow(sheet, row, parsed);
    return this.keep(imported) ? imported : undefined;
  }

  /** Checks the references between the sheets, once every row has been read. */
  finish(): WorkbookCheckResult {
    const sheetName = (sheet: ImportSheet) => {
      const layout = importLayouts.find((candidate) => candidate.sheet === sheet);
      return layout ? bilingualName(layout) : sheet;
    };
    const missing = (sheet: ImportSheet, row: number, key: string, value: string, inSheet: ImportSheet) => {
      const refused = this.refusedKeys.get(inSheet);
      if (refused?.has(inSheet === 'institutions' ? organizationKey(value) : value)) return;
      this.report({
        ...this.at(sheet, row, key),
        reason: `"${value}" is not in the sheet ${sheetName(inSheet)}`,
        code: 'notInSheet',
        params: { value, sheet: sheetName(inSheet) },
      });
    };
    for (const [, { row, institution }] of this.commissioners) {
      if (!this.institutions.has(organizationKey(institution))) {
        missing('commissioners', row, 'homeInstitution', institution, 'institutions');
      }
    }
    for (const [, agreement] of this.agreements) {
      if (!this.commissioners.has(agreement.commissionerEmail)) {
        missing(
          'agreements',
          agreement.row,
          'commissionerEmail',
          agreement.commissionerEmail,
          'commissioners',
        );
      }
      if (!this.enterprises.has(agreement.enterpriseCreditCode)) {
        missing(
          'agreements',
          agreement.row,
          'enterpriseCreditCode',
          agreement.enterpriseCreditCode,
          'enterprises',
        );
      }
    }
    for (const [, report] of this.reports) {
      const agreement = this.agreements.get(report.agreementReference);
      if (!agreement) {
        missing('reports', report.row, 'agreementReference', report.agreementReference, 'agreements');
        continue;
      }
      const { termStart, termEnd, cadence } = agreement.terms;
      const periods = reportPeriods(termStart, termEnd, cadence);
      const period = periods.find((candidate) => candidate.start === report.periodStart);
      if (!period) {
        const starts = periods.slice(0, 3).map((p) => p.start);
        this.report({
          ...this.at('reports', report.row, 'periodStart'),
          reason: `is not the first day of one of the agreement's report periods (${starts.join(', ') || 'it has none'})`,
          code: 'notAPeriodStart',
          params: { starts: `${starts.join(', ')}${periods.length > starts.length ? ', …' : ''}` },
        });
      } else if (period.end >= this.today) {
        this.report({
          ...this.at('reports', report.row, 'periodStart'),
          reason: `the period ends ${period.end}: only a period that ended before today can be imported`,
          code: 'periodNotEnded',
          params: { end: period.end },
        });
      }
    }
    return { problems: this.problems, problemCount: this.problemCount, rows: this.rowCounts };
  }

  private importedRow(sheet: ImportSheet, row: number, parsed: Record<string, unknown>): ImportedRow {
    if (sheet === 'agreements') {
      const { reference, commissionerEmail, enterpriseCreditCode, termStart, termEnd, goals, cadence } =
        parsed as z.output<(typeof rowSchemas)['agreements']>;
      return {
        sheet,
        row,
        record: {
          reference,
          commissionerEmail: commissionerEmail.toLowerCase(),
          enterpriseCreditCode,
          terms: { termStart, termEnd, goals, cadence },
        },
      };
    }
    if (sheet === 'commissioners') {
      const commissioner = parsed as z.output<(typeof rowSchemas)['commissioners']>;
      return { sheet, row, record: { ...commissioner, email: commissioner.email.toLowerCase() } };
    }
    return { sheet, row, record: parsed } as unknown as ImportedRow;
  }

  /** Remembers the row's keys for the references; false (with a problem) when its key came before. */
  private keep(imported: ImportedRow): boolean {
    const { row } = imported;
    const duplicate = (key: string, first: number) => {
      this.report({
        ...this.at(imported.sheet, row, key),
        reason: `is the same as row ${first}`,
        code: 'duplicateRow',
        params: { row: first },
      });
      return false;
    };
    switch (imported.sheet) {
      case 'institutions': {
        const key = organizationKey(imported.record.name);
        const first = this.institutions.get(key);
        if (first !== undefined) return duplicate('name', first);
        this.institutions.set(key, row);
        break;
      }
      case 'enterprises': {
        const first = this.enterprises.get(imported.record.creditCode);
        if (first !== undefined) return duplicate('creditCode', first);
        this.enterprises.set(imported.record.creditCode, row);
        break;
      }
      case 'commissioners': {
        const first = this.commissioners.get(imported.record.email);
        if (first !== undefined) return duplicate('email', first.row);
        this.commissioners.set(imported.record.email, { row, institution: imported.record.homeInstitution });
        break;
      }
      case 'agreements': {
        const { reference: key, commissionerEmail, enterpriseCreditCode, terms } = imported.record;
        const first = this.agreements.get(key);
        if (first !== undefined) return duplicate('reference', first.row);
        this.agreements.set(key, { row, commissionerEmail, enterpriseCreditCode, terms });
        break;
      }
      case 'reports': {
        const { agreementReference, periodStart } = imported.record;
        const key = `${agreementReference}\u0000${periodStart}`;
        const first = this.reports.get(key);
        if (first !== undefined) return duplicate('periodStart', first.row);
        this.reports.set(key, { row, agreementReference, periodStart });
        break;
      }
    }
    this.rowCounts[imported.sheet] += 1;
    return true;
  }

  private at(sheet: ImportSheet, row: number, key: string | undefined) {
    const columns = this.sheets.get(sheet);
    const position = key === undefined ? undefined : columns?.index.get(key);
    if (position === undefined) return { sheet, row };
    return { sheet, row, column: columnName(position), header: columns?.headers.get(key ?? '') ?? '' };
  }

  private report(problem: CellProblem): void {
    this.problemCount += 1;
    if (this.problems.length < listedProblemLimit) this.problems.push(problem);
  }
}

/** The key other sheets name a row by, as typed: to tell a row refused for its own problems from one missing. */
function referenceKeyOf(sheet: ImportSheet, input: Record<string, unknown>): string | undefined {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  switch (sheet) {
    case 'institutions': {
      const name = text(input.name);
      return name === undefined ? undefined : organizationKey(name);
    }
    case 'enterprises':
      return text(input.creditCode);
    case 'commissioners':
      return text(input.email)?.toLowerCase();
    case 'agreements':
      return text(input.reference);
    case 'reports':
      return undefined;
  }
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const [head, ...rest] = path.split('.');
  if (head === undefined) return;
  if (rest.length === 0) {
    if (value !== undefined) target[head] = value;
    return;
  }
  target[head] ??= {};
  setPath(target[head] as Record<string, unknown>, rest.join('.'), value);
}

/** The column a field's problem is in: its key, without a list entry's index; an evidence entry's own column. */
function columnKeyOf(field: string, evidenceSources: readonly string[]): string | undefined {
  const evidence = /^evidence\.(\d+)/.exec(field);
  if (evidence) return evidenceSources[Number(evidence[1])];
  return field.replace(/(\.\d+)+(\.|$).*$/, '') || undefined;
}

const paramsOf = (problem: { params?: FieldProblemParams }) =>
  problem.params ? { params: problem.params } : {};
