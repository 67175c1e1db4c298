/** What a commissioner's work is counted in, as the bureau reports it. */
export const outcomeCategories = [
  'industryImprovementReports',
  'technicalProblemsSolved',
  'technicalTrainings',
  'patentsApplied',
  'patentsGranted',
  'scienceTechProjects',
  'enterpriseTechCentres',
  'highTechEnterprises',
  'postdoctoralWorkstations',
] as const;
export type OutcomeCategory = (typeof outcomeCategories)[number];

export type OutcomeCounts = Readonly<Record<OutcomeCategory, number>>;
