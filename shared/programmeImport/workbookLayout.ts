import { cadences } from '#shared/agreement/periods.ts';
import { industries, titles } from '#shared/application/vocabulary.ts';
import { type OutcomeCategory, outcomeCategories } from '#shared/outcomes.ts';

/*
 * The import workbook's layout, defined once: the template is written from it and an uploaded
 * workbook is read by it. A sheet and a column are found by their Chinese or English name (or
 * both, as the template writes them), so a bureau may reorder columns or keep one language.
 */

/** How a cell is read before the forms' validators see it. */
export type CellKind =
  /** Text as typed; a number typed into it (a phone number, say) is read as its digits. */
  | 'text'
  /** Entries separated by `;`, `；`, `,`, `，`, `、` or line breaks. */
  | 'list'
  /** A date cell, or text written YYYY-MM-DD. */
  | 'date'
  /** A whole number; an empty cell is 0. */
  | 'count'
  /** One of a fixed list: its id, or its Chinese or English label. */
  | 'choice'
  /** Several of a fixed list, separated as a list is. */
  | 'choices';

export interface ImportColumn {
  /** The field the column fills. */
  readonly key: string;
  readonly zh: string;
  readonly en: string;
  readonly kind: CellKind;
  /** For `choice` and `choices`: the allowed ids, and the console catalogue's labels' prefix. */
  readonly choices?: {
    readonly ids: readonly string[];
    readonly labelPrefix: 'title' | 'industry' | 'cadence';
  };
  /** Whether a row must have it; an optional text cell left empty is simply absent. */
  readonly required: boolean;
}

export const importSheets = [
  'institutions',
  'enterprises',
  'commissioners',
  'agreements',
  'reports',
] as const;
export type ImportSheet = (typeof importSheets)[number];

export interface ImportSheetLayout {
  readonly sheet: ImportSheet;
  readonly zh: string;
  readonly en: string;
  readonly columns: readonly ImportColumn[];
}

/** Chinese and English names of the outcome categories, as the template heads their columns. */
const outcomeNames: Readonly<Record<OutcomeCategory, { zh: string; en: string }>> = {
  industryImprovementReports: { zh: '产业提升报告', en: 'Industry improvement reports' },
  technicalProblemsSolved: { zh: '解决技术难题', en: 'Technical problems solved' },
  technicalTrainings: { zh: '技术培训', en: 'Technical trainings' },
  patentsApplied: { zh: '申请专利', en: 'Patents applied' },
  patentsGranted: { zh: '授权专利', en: 'Patents granted' },
  scienceTechProjects: { zh: '科技项目', en: 'Science and technology projects' },
  enterpriseTechCentres: { zh: '企业技术中心', en: 'Enterprise technology centres' },
  highTechEnterprises: { zh: '高新技术企业', en: 'High-tech enterprises' },
  postdoctoralWorkstations: { zh: '博士后工作站', en: 'Postdoctoral workstations' },
};

const text = (key: string, zh: string, en: string, required = true): ImportColumn => ({
  key,
  zh,
  en,
  kind: 'text',
  required,
});

const outcomeColumns = (prefix: 'goals' | 'counts', zhPrefix: string, enPrefix: string) =>
  outcomeCategories.map(
    (category): ImportColumn => ({
      key: `${prefix}.${category}`,
      zh: `${zhPrefix}${outcomeNames[category].zh}`,
      en: `${enPrefix}${outcomeNames[category].en}`,
      kind: 'count',
      required: false,
    }),
  );

export const importLayouts: readonly ImportSheetLayout[] = [
  {
    sheet: 'institutions',
    zh: '机构',
    en: 'Institutions',
    columns: [
      text('name', '机构名称', 'Institution'),
      text('researchOfficeEmail', '科研管理部门邮箱', 'Research office email'),
    ],
  },
  {
    sheet: 'enterprises',
    zh: '企业',
    en: 'Enterprises',
    columns: [
      text('creditCode', '统一社会信用代码', 'Unified social credit code'),
      text('name', '企业名称', 'Enterprise'),
      text('contactEmail', '联系邮箱', 'Contact email'),
    ],
  },
  {
    sheet: 'commissioners',
    zh: '特派员',
    en: 'Commissioners',
    columns: [
      text('email', '邮箱', 'Email'),
      text('name', '姓名', 'Name'),
      text('phone', '手机', 'Mobile phone'),
      text('homeInstitution', '所在机构', 'Institution'),
      {
        key: 'title',
        zh: '职称',
        en: 'Title',
        kind: 'choice',
        choices: { ids: titles, labelPrefix: 'title' },
        required: true,
      },
      { key: 'technicalFields', zh: '技术领域', en: 'Technical fields', kind: 'list', required: true },
      {
        key: 'industries',
        zh: '服务行业',
        en: 'Industries',
        kind: 'choices',
        choices: { ids: industries, labelPrefix: 'industry' },
        required: true,
      },
      { key: 'serviceAreas', zh: '服务区域', en: 'Service areas', kind: 'list', required: false },
      { key: 'batch', zh: '批次（年份）', en: 'Batch (year)', kind: 'text', required: true },
    ],
  },
  {
    sheet: 'agreements',
    zh: '协议',
    en: 'Agreements',
    columns: [
      text('reference', '协议编号', 'Agreement reference'),
      text('commissionerEmail', '特派员邮箱', 'Commissioner email'),
      text('enterpriseCreditCode', '企业统一社会信用代码', 'Enterprise credit code'),
      { key: 'termStart', zh: '服务开始日期', en: 'Term start', kind: 'date', required: true },
      { key: 'termEnd', zh: '服务结束日期', en: 'Term end', kind: 'date', required: true },
      {
        key: 'cadence',
        zh: '报告周期',
        en: 'Cadence',
        kind: 'choice',
        choices: { ids: cadences, labelPrefix: 'cadence' },
        required: true,
      },
      ...outcomeColumns('goals', '目标：', 'Goal: '),
    ],
  },
  {
    sheet: 'reports',
    zh: '报告',
    en: 'Reports',
    columns: [
      text('agreementReference', '协议编号', 'Agreement reference'),
      { key: 'periodStart', zh: '报告期开始日期', en: 'Period start', kind: 'date', required: true },
      ...outcomeColumns('counts', '', ''),
      { key: 'narrative', zh: '工作内容', en: 'Narrative', kind: 'text', required: true },
      {
        key: 'patentNumbers',
        zh: '专利申请号',
        en: 'Patent application numbers',
        kind: 'list',
        required: false,
      },
      { key: 'projectNumbers', zh: '项目编号', en: 'Project numbers', kind: 'list', required: false },
      { key: 'certificateNumbers', zh: '证书编号', en: 'Certificate numbers', kind: 'list', required: false },
    ],
  },
];

export const layoutOf = (sheet: ImportSheet): ImportSheetLayout => {
  const layout = importLayouts.find((candidate) => candidate.sheet === sheet);
  if (!layout) throw new Error(`No layout for the sheet ${sheet}`);
  return layout;
};

/** A sheet's or a column's name as the template writes it: Chinese, then English. */
export const bilingualName = (named: { readonly zh: string; readonly en: string }) =>
  `${named.zh} ${named.en}`;

const normalized = (name: string) => name.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();

/** Whether a sheet's or a header cell's text names `named`: its Chinese, its English, or both. */
export function namesIt(textFound: string, named: { readonly zh: string; readonly en: string }): boolean {
  const found = normalized(textFound);
  return [named.zh, named.en, bilingualName(named)].some((name) => normalized(name) === found);
}

/** Separators of a list cell: ASCII and full-width semicolons and commas, the enumeration comma, line breaks. */
export const listSeparators = /[;；,，、\r\n]+/;
