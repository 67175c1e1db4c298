import { demandProblemLength } from '#shared/limits.ts';
import { h } from './dom.ts';
import {
  clearErrors,
  countedTextarea,
  field,
  formErrorSlot,
  listItems,
  listText,
  showSubmitError,
} from './forms.ts';
import { type MessageKey, t } from './i18n.ts';
import { type DemandForm, industries, isOneOf } from './model.ts';

interface DemandFormOptions {
  /** The enterprise's own name: a demand is always posted for the signed-in enterprise. */
  enterpriseName: string;
  initial?: DemandForm;
  submitLabel: MessageKey;
  /** Sends the form; an ApiError it throws is shown on the form (field by field when it is a 400). */
  submit: (form: DemandForm) => Promise<void>;
}

/** The shape of a unified social credit code; the server also checks its check character. */
const creditCodePattern = '[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}';

export function demandFormElement({
  enterpriseName: ownName,
  initial,
  submitLabel,
  submit,
}: DemandFormOptions): HTMLFormElement {
  const enterpriseName = h('input', {
    type: 'text',
    required: true,
    readonly: true,
    autocomplete: 'organization',
    value: initial?.enterpriseName ?? ownName,
  });
  const creditCode = h('input', {
    type: 'text',
    required: true,
    minlength: 18,
    maxlength: 18,
    pattern: creditCodePattern,
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    class: 'code',
    title: t('demandForm.creditCodeHint'),
    value: initial?.creditCode,
    // Codes are printed in capitals; what is typed is shown (and sent) the same way.
    oninput: () => {
      const upper = creditCode.value.toUpperCase();
      if (upper !== creditCode.value) creditCode.value = upper;
    },
  });
  const { textarea: problem, counter: problemCount } = countedTextarea({
    minLength: demandProblemLength.min,
    maxLength: demandProblemLength.max,
    value: initial?.problem,
  });
  const industry = h(
    'select',
    { required: true, value: initial?.industry ?? '' },
    h('option', { value: '' }, t('form.choose')),
    ...industries.map((value) => h('option', { value }, t(`industry.${value}`))),
  );
  const technicalFields = h('input', {
    type: 'text',
    required: true,
    value: listText(initial?.technicalFields),
  });
  const location = h('input', {
    type: 'text',
    required: true,
    minlength: 2,
    maxlength: 50,
    value: initial?.location,
  });
  const contactName = h('input', {
    type: 'text',
    required: true,
    maxlength: 50,
    autocomplete: 'name',
    value: initial?.contactName,
  });
  const contactPhone = h('input', {
    type: 'tel',
    required: true,
    inputmode: 'numeric',
    pattern: '1[3-9][0-9]{9}',
    maxlength: 11,
    autocomplete: 'tel-national',
    value: initial?.contactPhone,
  });
  const contactEmail = h('input', {
    type: 'email',
    required: true,
    autocomplete: 'email',
    value: initial?.contactEmail,
  });

  const submitButton = h(
    'button',
    { type: 'submit', class: 'primary', 'data-testid': 'submit-demand' },
    t(submitLabel),
  );

  const form = h(
    'form',
    { class: 'stacked' },
    field({
      name: 'enterpriseName',
      id: 'demand-enterprise-name',
      label: t('demandForm.enterpriseName'),
      control: enterpriseName,
      hint: t('demandForm.enterpriseNameHint'),
    }),
    field({
      name: 'creditCode',
      id: 'demand-credit-code',
      label: t('demandForm.creditCode'),
      control: creditCode,
      hint: t('demandForm.creditCodeHint'),
    }),
    field({
      name: 'problem',
      id: 'demand-problem',
      label: t('demandForm.problem'),
      control: problem,
      hint: h('span', {}, t('demandForm.problemHint'), ' ', problemCount),
    }),
    field({ name: 'industry', id: 'demand-industry', label: t('demandForm.industry'), control: industry }),
    field({
      name: 'technicalFields',
      id: 'demand-technical-fields',
      label: t('demandForm.technicalFields'),
      control: technicalFields,
      hint: t('demandForm.technicalFieldsHint'),
    }),
    field({
      name: 'location',
      id: 'demand-location',
      label: t('demandForm.location'),
      control: location,
      hint: t('demandForm.locationHint'),
    }),
    field({
      name: 'contactName',
      id: 'demand-contact-name',
      label: t('demandForm.contactName'),
      control: contactName,
    }),
    field({
      name: 'contactPhone',
      id: 'demand-contact-phone',
      label: t('demandForm.contactPhone'),
      control: contactPhone,
      hint: t('form.phoneHint'),
    }),
    field({
      name: 'contactEmail',
      id: 'demand-contact-email',
      label: t('demandForm.contactEmail'),
      control: contactEmail,
    }),
    formErrorSlot(),
    h('div', { class: 'form-actions' }, submitButton),
  );

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    // The browser's required check keeps the placeholder option from being sent; this narrows the type.
    if (!isOneOf(industries, industry.value)) return;
    const values: DemandForm = {
      enterpriseName: enterpriseName.value.trim(),
      creditCode: creditCode.value.trim(),
      problem: problem.value.trim(),
      industry: industry.value,
      technicalFields: listItems(technicalFields.value),
      location: location.value.trim(),
      contactName: contactName.value.trim(),
      contactPhone: contactPhone.value.trim(),
      contactEmail: contactEmail.value.trim(),
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
