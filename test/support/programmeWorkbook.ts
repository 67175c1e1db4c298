import ExcelJS from 'exceljs';
import { creditCodeCheckCharacter } from '#shared/demand/creditCode.ts';
import { type ImportSheet, importLayouts, namesIt } from '#shared/programmeImport/workbookLayout.ts';

/*
 * Import workbooks as a bureau's spreadsheet program writes them (exceljs: shared strings, date
 * cells, hyperlinked addresses), and a three-batch programme that began in 2018 to fill one with.
 */

export type WorkbookCell =
  | string
  | number
  | Date
  | { readonly text: string; readonly hyperlink: string }
  | undefined;

/** Rows per sheet, each keyed by its columns' keys (`goals.patentsApplied`, say). */
export type WorkbookRows = Partial<Record<ImportSheet, readonly Readonly<Record<string, WorkbookCell>>[]>>;

export interface WorkbookOptions {
  /** Which names head the sheets and columns; the template writes both. */
  readonly names?: 'both' | 'zh' | 'en';
  /** Columns left out of the header (and their cells), by key. */
  readonly withoutColumns?: readonly string[];
}

export async function programmeWorkbook(rows: WorkbookRows, options: WorkbookOptions = {}): Promise<Buffer> {
  const nameOf = (named: { zh: string; en: string }) =>
    options.names === 'zh' ? named.zh : options.names === 'en' ? named.en : `${named.zh} ${named.en}`;
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('说明 Instructions').addRow(['Filled in by the test']);
  for (const layout of importLayouts) {
    const sheet = workbook.addWorksheet(nameOf(layout));
    const columns = layout.columns.filter((column) => !options.withoutColumns?.includes(column.key));
    sheet.addRow(columns.map(nameOf));
    for (const row of rows[layout.sheet] ?? []) {
      sheet.addRow(columns.map((column) => row[column.key] ?? null));
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A unified social credit code with its check character, from its first 17. */
export function creditCode(first17: string): string {
  return `${first17}${creditCodeCheckCharacter(first17)}`;
}

/** The sheet's layout, for tests that look a column up by its key. */
export const sheetNamed = (name: string) => importLayouts.find((layout) => namesIt(name, layout));

const date = (text: string) => new Date(`${text}T00:00:00Z`);

export const programmeEnterprises = [
  {
    creditCode: creditCode('91331102MA2A00001'),
    name: '丽水市莲都阀门有限公司',
    contactEmail: 'valves@liandu.example',
  },
  {
    creditCode: creditCode('91331102MA2A00002'),
    name: '丽水市碧湖食品有限公司',
    contactEmail: 'food@bihu.example',
  },
  {
    creditCode: creditCode('91331102MA2A00003'),
    name: '丽水市新材料科技有限公司',
    contactEmail: 'materials@liandu.example',
  },
] as const;

/**
 * Liandu's programme as it stood before adoption: three batches (2018, 2019, 2020), one
 * commissioner each, an agreement each (the first reporting half-yearly, the others yearly), and
 * accepted reports for some of their periods, ending in 2018, 2019, 2020 and 2021; the periods
 * without one (the 2020 agreement's second year, say) arrive unreported.
 */
export function threeBatchProgramme(): WorkbookRows {
  const [valves, food, materials] = programmeEnterprises;
  return {
    institutions: [
      { name: '浙江大学', researchOfficeEmail: 'research@zju.example' },
      { name: '丽水学院', researchOfficeEmail: 'keyan@lsu.example' },
    ],
    enterprises: [...programmeEnterprises],
    commissioners: [
      {
        email: { text: 'wang.fang@zju.example', hyperlink: 'mailto:wang.fang@zju.example' },
        name: '王芳',
        phone: 13857800001,
        homeInstitution: '浙江大学',
        title: '教授',
        technicalFields: '精密铸造；阀门密封',
        industries: '先进制造',
        serviceAreas: '莲都区',
        batch: '2018',
      },
      {
        email: 'li.qiang@lsu.example',
        name: '李强',
        phone: '13857800002',
        homeInstitution: '丽水学院',
        title: 'seniorEngineer',
        technicalFields: 'Food safety, cold chain',
        industries: 'foodProcessing、modernAgriculture',
        batch: '2019',
      },
      {
        email: 'chen.jing@zju.example',
        name: '陈静',
        phone: '13857800003',
        homeInstitution: '浙江大学',
        title: 'Associate professor',
        technicalFields: '高分子材料',
        industries: '新材料',
        batch: '2020',
      },
    ],
    agreements: [
      {
        reference: 'LD-2018-001',
        commissionerEmail: 'wang.fang@zju.example',
        enterpriseCreditCode: valves.creditCode,
        termStart: date('2018-03-01'),
        termEnd: date('2020-02-29'),
        cadence: '每半年',
        'goals.technicalProblemsSolved': 4,
        'goals.patentsApplied': 2,
      },
      {
        reference: 'LD-2019-001',
        commissionerEmail: 'li.qiang@lsu.example',
        enterpriseCreditCode: food.creditCode,
        termStart: '2019-04-01',
        termEnd: '2021-03-31',
        cadence: 'yearly',
        'goals.technicalTrainings': 6,
      },
      {
        reference: 'LD-2020-001',
        commissionerEmail: 'chen.jing@zju.example',
        enterpriseCreditCode: materials.creditCode,
        termStart: date('2020-05-01'),
        termEnd: date('2022-04-30'),
        cadence: 'Yearly',
        'goals.scienceTechProjects': 1,
      },
    ],
    reports: [
      {
        agreementReference: 'LD-2018-001',
        periodStart: date('2018-03-01'),
        'counts.technicalProblemsSolved': 2,
        'counts.patentsApplied': 1,
        narrative: '改进阀体铸造工艺，解决砂眼问题。',
        patentNumbers: '200410018477.9',
      },
      {
        agreementReference: 'LD-2018-001',
        periodStart: date('2019-03-01'),
        'counts.technicalProblemsSolved': 3,
        'counts.technicalTrainings': 1,
        narrative: '密封件寿命测试与员工培训。',
        certificateNumbers: 'ZJ-2019-0032',
      },
      {
        agreementReference: 'LD-2019-001',
        periodStart: '2019-04-01',
        'counts.technicalTrainings': 4,
        narrative: 'Cold-chain hygiene trainings for the packing line.',
      },
      {
        agreementReference: 'LD-2019-001',
        periodStart: '2020-04-01',
        'counts.technicalTrainings': 3,
        'counts.scienceTechProjects': 1,
        narrative: 'A municipal project on shelf life, approved.',
        projectNumbers: '2020C02005',
      },
      {
        agreementReference: 'LD-2020-001',
        periodStart: date('2020-05-01'),
        'counts.industryImprovementReports': 1,
        'counts.patentsApplied': 2,
        narrative: '新材料产业提升报告一份，申请专利两项。',
      },
    ],
  };
}
