/**
 * The fixed choices of the application form. Kept apart from the schemas (and zod) so the
 * console can share them without bundling a validator.
 */
export const titles = [
  'professor',
  'associateProfessor',
  'lecturer',
  'researcher',
  'seniorEngineer',
  'engineer',
  'other',
] as const;

export const industries = [
  'advancedManufacturing',
  'electronicInformation',
  'newMaterials',
  'biomedicine',
  'newEnergy',
  'energyConservation',
  'modernAgriculture',
  'chemicals',
  'textiles',
  'foodProcessing',
  'other',
] as const;
export type Industry = (typeof industries)[number];
