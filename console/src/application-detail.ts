import { applicationStatesTakingFiles } from '#shared/evidenceFiles/statesTakingFiles.ts';
import { ApiError, api } from './api.ts';
import { applicationFormElement } from './application-form.ts';
import { h, replaceContent } from './dom.ts';
import { recordFilesSection } from './evidence-files.ts';
import { formatDateTime, formatList } from './format.ts';
import { auditTable, type FormDescription, formDetails, revisionComparison } from './history.ts';
import { labelOf, t } from './i18n.ts';
import { type Application, type ApplicationForm, applicationFormFields } from './model.ts';
import type { PageContext } from './page.ts';
import { type Session, sessionSubject } from './session.ts';
import {
  errorNotice,
  flash,
  link,
  loadingNotice,
  notice,
  refreshButton,
  stateBadge,
  untilRecorded,
} from './ui.ts';

type FormField = (typeof applicationFormFields)[number];

export async function renderApplicationDetail({ root, params, session, reload }: PageContext): Promise<void> {
  const id = params[0] ?? '';
  root.append(loadingNotice());
  let application: Application;
  try {
    ({ application } = await api.getApplication(id));
  } catch (error) {
    replaceContent(root, link('/applications', t('application.back')), errorNotice(error));
    return;
  }
  replaceContent(
    root,
    h('p', { class: 'breadcrumb' }, link('/applications', t('application.back'))),
    h(
      'div',
      { class: 'page-heading' },
      h('h1', {}, application.form.name),
      stateBadge(application.state),
      h('div', { class: 'actions' }, refreshButton(reload)),
    ),
    summary(application),
    application.failure
      ? notice(
          'error',
          t('application.failure', {
            state: application.failure.state,
            error: application.failure.error,
            cause: application.failure.cause,
          }),
        )
      : null,
    application.state === 'returned' && isApplicant(application, session)
      ? resubmission(application, reload)
      : null,
    h(
      'section',
      {},
      h('h2', {}, t('application.currentForm')),
      formDetails(application.form, formDescription),
    ),
    recordFilesSection(
      { kind: 'application', id: application.id },
      applicationStatesTakingFiles.includes(application.state),
    ),
    // Only the bureau's answer carries the audit trail.
    application.audit
      ? h('section', {}, h('h2', {}, t('application.audit')), auditTable(application.audit, 'action'))
      : null,
    h(
      'section',
      {},
      h('h2', {}, t('application.revisions')),
      revisionComparison(application.revisions, formDescription),
    ),
  );
}

function summary(application: Application): HTMLElement {
  return h(
    'dl',
    { class: 'summary' },
    h('dt', {}, t('application.applicant')),
    h('dd', {}, application.applicant.email),
    h('dt', {}, t('application.revision')),
    h('dd', {}, application.revision),
    h('dt', {}, t('application.createdAt')),
    h('dd', {}, formatDateTime(application.createdAt)),
    h('dt', {}, t('application.updatedAt')),
    h('dd', {}, formatDateTime(application.updatedAt)),
  );
}

function isApplicant(application: Application, session: Session): boolean {
  if (session.role !== 'commissioner') return false;
  const subject = sessionSubject(session);
  if (subject !== undefined) return subject === application.applicant.sub;
  return session.email.toLowerCase() === application.applicant.email.toLowerCase();
}

function resubmission(application: Application, reload: () => void): HTMLElement {
  const returnReason = application.audit
    ? application.audit.findLast((entry) => entry.to === 'returned')?.reason
    : application.enteredState?.reason;
  return h(
    'section',
    { class: 'panel', 'data-testid': 'resubmission' },
    h('h2', {}, t('application.resubmitHeading')),
    notice(
      'info',
      returnReason ? t('application.returnedBecause', { reason: returnReason }) : t('application.returned'),
    ),
    applicationFormElement({
      initial: application.form,
      submitLabel: 'application.resubmit',
      submit: async (form) => {
        try {
          await api.resubmitApplication(application.id, form, application.revision);
          // The workflow records the new revision a moment after the answer: show it, not the form again.
          await untilRecorded(
            () => api.getApplication(application.id),
            (read) => read.application.revision > application.revision,
          );
          flash('success', t('application.resubmitted'));
          reload();
        } catch (error) {
          if (!(error instanceof ApiError && error.code === 'Conflict')) throw error;
          // Someone changed the application since it was loaded: show them the current version instead.
          flash('error', t('application.conflict'));
          reload();
        }
      },
    }),
  );
}

function fieldText(form: ApplicationForm, name: FormField): string {
  switch (name) {
    case 'title':
      return labelOf('title', form.title);
    case 'technicalFields':
      return formatList(form.technicalFields);
    case 'industries':
      return formatList(form.industries.map((industry) => labelOf('industry', industry)));
    case 'serviceAreas':
      return form.serviceAreas?.length ? formatList(form.serviceAreas) : t('form.noneGiven');
    default:
      return form[name];
  }
}

const formDescription: FormDescription<ApplicationForm, FormField> = {
  fields: applicationFormFields,
  label: (name) => t(`form.${name}`),
  text: fieldText,
  prose: ['statement'],
};
