import { fieldProblemCodes } from '#shared/errors.ts';
import { ApiError } from './api.ts';
import { type Child, h, replaceContent } from './dom.ts';
import { labelOf, t } from './i18n.ts';
import type { FieldError } from './model.ts';
import { describeError } from './ui.ts';

interface FieldOptions {
  name: string;
  id: string;
  label: string;
  control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
  hint?: Child;
}

/** A labelled control with its hint and a place for its error right below it. */
export function field({ name, id, label, control, hint }: FieldOptions): HTMLElement {
  control.id = id;
  control.name = name;
  control.setAttribute('aria-describedby', `${id}-error${hint ? ` ${id}-hint` : ''}`);
  return h(
    'div',
    { class: 'field', 'data-field': name },
    h('label', { for: id }, label),
    control,
    hint ? h('div', { class: 'hint', id: `${id}-hint` }, hint) : null,
    errorSlot(name, id),
  );
}

/** A set of checkboxes (or radios) under one legend, with one error for the set. */
export function fieldGroup(options: {
  name: string;
  id: string;
  legend: string;
  controls: Child[];
}): HTMLElement {
  return h(
    'fieldset',
    { class: 'field', 'data-field': options.name, 'aria-describedby': `${options.id}-error` },
    h('legend', {}, options.legend),
    h('div', { class: 'choices' }, ...options.controls),
    errorSlot(options.name, options.id),
  );
}

/** The place for one field's error, for a control laid out by hand (a checkbox beside its own label). */
export function errorSlot(name: string, id: string): HTMLElement {
  return h('div', {
    class: 'field-error',
    id: `${id}-error`,
    'data-field-error': name,
    'data-testid': `error-${name}`,
    hidden: true,
  });
}

/** A place for errors that belong to no single field, shown above the submit button. */
export function formErrorSlot(): HTMLElement {
  return h('div', { class: 'form-error', role: 'alert', 'data-testid': 'form-error' });
}

export function clearErrors(scope: HTMLElement): void {
  for (const slot of scope.querySelectorAll<HTMLElement>('[data-field-error]')) {
    replaceContent(slot);
    slot.hidden = true;
  }
  for (const control of scope.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
  for (const slot of scope.querySelectorAll('.form-error')) replaceContent(slot);
}

/** Shows why a submission failed: each field's error next to it, the rest in the form's error slot. */
export function showSubmitError(form: HTMLElement, error: unknown): void {
  const unplaced = error instanceof ApiError ? showFieldErrors(form, error.fields) : [];
  form
    .querySelector('.form-error')
    ?.append(
      h('p', {}, describeError(error)),
      ...unplaced.map((problem) => h('p', {}, `${problem.field}: ${fieldErrorText(problem)}`)),
    );
}

/**
 * Shows each server-reported error next to its field. A path such as `goals.patentsApplied` may name a field
 * of its own; otherwise a path such as `technicalFields.2` names an item of a list field. A `form.` prefix
 * (the body of a resubmission wraps the form) is ignored. Returns the errors that match no field on the
 * page, for the caller to show elsewhere.
 */
function showFieldErrors(scope: HTMLElement, errors: readonly FieldError[]): FieldError[] {
  const unplaced: FieldError[] = [];
  for (const error of errors) {
    const path = error.field.replace(/^form\./, '');
    const reason = fieldErrorText(error);
    if (path.includes('.') && showFieldError(scope, path, reason)) continue;
    const [name = '', item] = path.split('.');
    const position = item !== undefined && /^\d+$/.test(item) ? Number(item) + 1 : undefined;
    const text = position === undefined ? reason : t('form.itemError', { position, reason });
    if (!showFieldError(scope, name, text)) unplaced.push(error);
  }
  scope.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  return unplaced;
}

/** Values the server names by id, said by their names. */
const labelledParams: Readonly<Record<string, string>> = { grade: 'grade', decision: 'decision' };

/**
 * Why the server refused a field, in the reader's language: its code's message with the code's parameters;
 * the server's English reason only for a code this console does not know (a newer server's).
 */
export function fieldErrorText(problem: FieldError): string {
  const code = fieldProblemCodes.find((known) => known === problem.code);
  if (code === undefined) return problem.reason;
  const params = Object.fromEntries(
    Object.entries(problem.params ?? {}).map(([name, value]) => {
      const prefix = labelledParams[name];
      return [name, prefix === undefined ? value : labelOf(prefix, String(value))];
    }),
  );
  return t(`fieldError.${code}`, params);
}

/** Shows one error next to the named field; false when the scope has no such field. */
export function showFieldError(scope: HTMLElement, name: string, text: string): boolean {
  const slot = scope.querySelector<HTMLElement>(`[data-field-error="${CSS.escape(name)}"]`);
  if (!slot) return false;
  slot.append(h('div', {}, text));
  slot.hidden = false;
  scope
    .querySelector(`[data-field="${CSS.escape(name)}"] :is(input, select, textarea)`)
    ?.setAttribute('aria-invalid', 'true');
  return true;
}

/** Lists (technical fields, service areas) go in one box, separated as people write lists in Chinese or English. */
const listSeparators = /[,，、;；\n]/;

export function listItems(text: string): string[] {
  return text
    .split(listSeparators)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** A list as it goes back into its box, e.g. when a returned form is edited. */
export function listText(items: readonly string[] | undefined): string | undefined {
  return items?.join(t('list.separator'));
}

/** A long-text box with a live "n / max characters" counter to show in its hint; required unless told. */
export function countedTextarea(options: {
  maxLength: number;
  minLength: number;
  value?: string;
  required?: boolean;
}): {
  textarea: HTMLTextAreaElement;
  counter: HTMLElement;
} {
  const counter = h('span', { class: 'counter' });
  const textarea = h('textarea', {
    required: options.required ?? true,
    minlength: options.minLength,
    maxlength: options.maxLength,
    rows: 8,
    value: options.value,
    oninput: () => updateCount(),
  });
  const updateCount = () => {
    counter.textContent = t('form.characterCount', { count: textarea.value.length, max: options.maxLength });
  };
  updateCount();
  return { textarea, counter };
}
