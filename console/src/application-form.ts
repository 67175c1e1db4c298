import { applicationStatementLength } from '#shared/limits.ts';
import { h } from './dom.ts';
import {
  clearErrors,
  countedTextarea,
  field,
  fieldGroup,
  formErrorSlot,
  listItems,
  listText,
  showSubmitError,
} from './forms.ts';
import { type MessageKey, t } from './i18n.ts';
import { type ApplicationForm, industries, isOneOf, titles } from './model.ts';

interface ApplicationFormOptions {
  initial?: ApplicationForm;
  submitLabel: MessageKey;
  /** Sends the form; an ApiError it throws is shown on the form (field by field when it is a 400). */
  submit: (form: ApplicationForm) => Promise<void>;
}

export function applicationFormElement({
  initial,
  submitLabel,
  submit,
}: ApplicationFormOptions): HTMLFormElement {
  const name = h('input', {
    type: 'text',
    required: true,
    maxlength: 50,
    autocomplete: 'name',
    value: initial?.name,
  });
  const email = h('input', { type: 'email', required: true, autocomplete: 'email', value: initial?.email });
  const phone = h('input', {
    type: 'tel',
    required: true,
    inputmode: 'numeric',
    pattern: '1[3-9][0-9]{9}',
    maxlength: 11,
    autocomplete: 'tel-national',
    value: initial?.phone,
  });
  const homeInstitution = h('input', {
    type: 'text',
    required: true,
    minlength: 2,
    maxlength: 100,
    autocomplete: 'organization',
    value: initial?.homeInstitution,
  });
  const researchOfficeEmail = h('input', {
    type: 'email',
    required: true,
    autocomplete: 'off',
    value: initial?.researchOfficeEmail,
  });
  const title = h(
    'select',
    { required: true, value: initial?.title ?? '' },
    h('option', { value: '' }, t('form.choose')),
    ...titles.map((value) => h('option', { value }, t(`title.${value}`))),
  );
  const technicalFields = h('input', {
    type: 'text',
    required: true,
    value: listText(initial?.technicalFields),
  });
  const serviceAreas = h('input', { type: 'text', value: listText(initial?.serviceAreas) });
  const industryChoices = industries.map((value) => ({
    value,
    box: h('input', {
      type: 'checkbox',
      name: 'industries',
      value,
      checked: initial?.industries.includes(value),
    }),
  }));
  const { textarea: statement, counter: statementCount } = countedTextarea({
    minLength: applicationStatementLength.min,
    maxLength: applicationStatementLength.max,
    value: initial?.statement,
  });

  const submitButton = h(
    'button',
    { type: 'submit', class: 'primary', 'data-testid': 'submit-application' },
    t(submitLabel),
  );

  const form = h(
    'form',
    { class: 'stacked' },
    field({ name: 'name', id: 'application-name', label: t('form.name'), control: name }),
    field({ name: 'email', id: 'application-email', label: t('form.email'), control: email }),
    field({
      name: 'phone',
      id: 'application-phone',
      label: t('form.phone'),
      control: phone,
      hint: t('form.phoneHint'),
    }),
    field({
      name: 'homeInstitution',
      id: 'application-home-institution',
      label: t('form.homeInstitution'),
      control: homeInstitution,
      hint: t('form.homeInstitutionHint'),
    }),
    field({
      name: 'researchOfficeEmail',
      id: 'application-research-office-email',
      label: t('form.researchOfficeEmail'),
      control: researchOfficeEmail,
      hint: t('form.researchOfficeEmailHint'),
    }),
    field({ name: 'title', id: 'application-title', label: t('form.title'), control: title }),
    field({
      name: 'technicalFields',
      id: 'application-technical-fields',
      label: t('form.technicalFields'),
      control: technicalFields,
      hint: t('form.technicalFieldsHint'),
    }),
    fieldGroup({
      name: 'industries',
      id: 'application-industries',
      legend: t('form.industries'),
      controls: industryChoices.map(({ value, box }) =>
        h('label', { class: 'choice' }, box, t(`industry.${value}`)),
      ),
    }),
    field({
      name: 'serviceAreas',
      id: 'application-service-areas',
      label: t('form.serviceAreas'),
      control: serviceAreas,
      hint: t('form.serviceAreasHint'),
    }),
    field({
      name: 'statement',
      id: 'application-statement',
      label: t('form.statement'),
      control: statement,
      hint: h('span', {}, t('form.statementHint'), ' ', statementCount),
    }),
    formErrorSlot(),
    h('div', { class: 'form-actions' }, submitButton),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    // The browser's required check keeps the placeholder option from being sent; this narrows the type.
    if (!isOneOf(titles, title.value)) return;
    const values: ApplicationForm = {
      name: name.value.trim(),
      email: email.value.trim(),
      phone: phone.value.trim(),
      homeInstitution: homeInstitution.value.trim(),
      researchOfficeEmail: researchOfficeEmail.value.trim(),
      title: title.value,
      technicalFields: listItems(technicalFields.value),
      industries: industryChoices.filter(({ box }) => box.checked).map(({ value }) => value),
      statement: statement.value.trim(),
      serviceAreas: listItems(serviceAreas.value),
    };
    submitButton.disabled = true;
    try {
      await submit(values);
    } catch (error) {
      showSubmitError(form, error);
    } finally {
      submitButton.disabled = false;
    }
  });
  return form;
}
