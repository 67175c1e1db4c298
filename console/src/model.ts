/** The API's shapes as the console reads them (see the API contract in the design). */

export const roles = ['admin', 'panel', 'commissioner', 'institution', 'enterprise'] as const;
export type Role = (typeof roles)[number];
/** Roles that sign in on behalf of an organization, whose name must be given. */
export const rolesWithOrganization: readonly Role[] = ['institution', 'enterprise'];

export const titles = [
  'professor',
  'associateProfessor',
  'lecturer',
  'researcher',
  'seniorEngineer',
  'engineer',
  'other',
] as const;
export type Title = (typeof titles)[number];

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

export const decisions = ['endorse', 'decline', 'approve', 'reject', 'return', 'retry'] as const;
export type Decision = (typeof decisions)[number];
export const decisionsRequiringReason: readonly Decision[] = ['decline', 'reject', 'return'];

export function isOneOf<Value extends string>(
  values: readonly Value[],
  candidate: string,
): candidate is Value {
  return (values as readonly string[]).includes(candidate);
}

export interface ApplicationForm {
  name: string;
  email: string;
  phone: string;
  homeInstitution: string;
  /** The research office of the home institution, which is asked for the endorsement. */
  researchOfficeEmail: string;
  title: Title;
  technicalFields: string[];
  industries: Industry[];
  statement: string;
}
export const applicationFormFields = [
  'name',
  'email',
  'phone',
  'homeInstitution',
  'researchOfficeEmail',
  'title',
  'technicalFields',
  'industries',
  'statement',
] as const satisfies readonly (keyof ApplicationForm)[];

export interface ApplicationSummary {
  id: string;
  state: string;
  revision: number;
  name: string;
  homeInstitution: string;
  createdAt: string;
  updatedAt: string;
}

export interface Actor {
  sub: string;
  email: string;
  role: string;
}

export interface AuditEntry {
  at: string;
  actor: Actor;
  action: string;
  from: string | null;
  to: string;
  reason?: string;
}

export interface Revision {
  revision: number;
  submittedAt: string;
  form: ApplicationForm;
}

export interface Application {
  id: string;
  state: string;
  revision: number;
  version: number;
  applicant: { sub: string; email: string };
  form: ApplicationForm;
  revisions: Revision[];
  audit: AuditEntry[];
  createdAt: string;
  updatedAt: string;
  failure?: { state: string; error: string; cause: string };
}

export interface Task {
  id: string;
  kind: string;
  subject: { type: 'application'; id: string; title: string };
  assignee: { role: string; organization?: string; sub?: string; email?: string };
  openedAt: string;
  deadline: string;
  ageSeconds: number;
  reminders: number;
  escalated: boolean;
  decisions: string[];
}

export interface OutboxMessage {
  id: string;
  at: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface FieldError {
  field: string;
  reason: string;
}
