import { h, replaceContent } from './dom.ts';
import { formatDateTime } from './format.ts';
import { labelOf, t } from './i18n.ts';
import type { AuditEntry, Revision } from './model.ts';
import { onBehalfNote } from './tasks.ts';

/** How a kind of form is shown: its fields in order, each field's label and its value as text. */
export interface FormDescription<Form, Field extends string> {
  fields: readonly Field[];
  label: (field: Field) => string;
  text: (form: Form, field: Field) => string;
  /** Fields of free text, shown with their line breaks. */
  prose: readonly Field[];
}

export function formDetails<Form, Field extends string>(
  form: Form,
  description: FormDescription<Form, Field>,
): HTMLElement {
  return h(
    'dl',
    { class: 'details', 'data-testid': 'current-form' },
    ...description.fields.flatMap((name) => [
      h('dt', {}, description.label(name)),
      h(
        'dd',
        { class: description.prose.includes(name) ? 'prose' : null, 'data-field-value': name },
        description.text(form, name),
      ),
    ]),
  );
}

/**
 * Who did what, when, from which state to which and why. `actionPrefix` names the catalogue's labels for
 * the record's actions: the same word (decline, say) means different things for different records.
 */
export function auditTable(entries: readonly AuditEntry[], actionPrefix: string): HTMLElement {
  return h(
    'table',
    { 'data-testid': 'audit' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, t('audit.at')),
        h('th', {}, t('audit.actor')),
        h('th', {}, t('audit.action')),
        h('th', {}, t('audit.transition')),
        h('th', {}, t('audit.reason')),
      ),
    ),
    h(
      'tbody',
      {},
      ...entries.map((entry) =>
        h(
          'tr',
          {},
          h('td', { class: 'nowrap' }, formatDateTime(entry.at)),
          h(
            'td',
            {},
            entry.actor.role === 'system' ? t('role.system') : entry.actor.email,
            entry.actor.role === 'system'
              ? null
              : h('div', { class: 'muted' }, labelOf('role', entry.actor.role)),
            onBehalfNote(entry.actor),
          ),
          h('td', {}, labelOf(actionPrefix, entry.action)),
          h(
            'td',
            {},
            entry.from === null ? t('audit.created') : labelOf('state', entry.from),
            ' → ',
            labelOf('state', entry.to),
          ),
          h('td', { class: 'prose' }, entry.reason ?? ''),
        ),
      ),
    ),
  );
}

/** Every version submitted, with any two of them compared field by field. */
export function revisionComparison<Form, Field extends string>(
  revisions: readonly Revision<Form>[],
  description: FormDescription<Form, Field>,
): HTMLElement {
  const first = revisions[0];
  if (first === undefined) return h('p', { class: 'empty' }, t('revisions.none'));
  if (revisions.length === 1) {
    return h('p', { class: 'muted' }, t('revisions.onlyOne', { label: revisionLabel(first) }));
  }
  const revisionSelect = (selected: Revision<Form> | undefined) =>
    h(
      'select',
      { value: selected?.revision, onchange: () => showComparison() },
      ...revisions.map((revision) => h('option', { value: revision.revision }, revisionLabel(revision))),
    );
  const older = revisionSelect(revisions.at(-2));
  const newer = revisionSelect(revisions.at(-1));
  older.setAttribute('aria-label', t('revisions.older'));
  newer.setAttribute('aria-label', t('revisions.newer'));
  const comparison = h('div', {});
  const showComparison = () => {
    const left = revisions.find((revision) => String(revision.revision) === older.value);
    const right = revisions.find((revision) => String(revision.revision) === newer.value);
    if (left && right) replaceContent(comparison, comparisonTable(left, right, description));
  };
  showComparison();
  return h(
    'div',
    {},
    h(
      'div',
      { class: 'inline-controls' },
      t('revisions.compare'),
      ' ',
      older,
      ' ',
      t('revisions.with'),
      ' ',
      newer,
    ),
    comparison,
  );
}

function comparisonTable<Form, Field extends string>(
  left: Revision<Form>,
  right: Revision<Form>,
  description: FormDescription<Form, Field>,
): HTMLElement {
  const changedCount = description.fields.filter(
    (name) => description.text(left.form, name) !== description.text(right.form, name),
  ).length;
  return h(
    'div',
    {},
    h('p', { class: 'muted' }, t('revisions.changedCount', { count: changedCount })),
    h(
      'table',
      { class: 'comparison', 'data-testid': 'revision-comparison' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, t('revisions.field')),
          h('th', {}, revisionLabel(left)),
          h('th', {}, revisionLabel(right)),
        ),
      ),
      h(
        'tbody',
        {},
        ...description.fields.map((name) => {
          const before = description.text(left.form, name);
          const after = description.text(right.form, name);
          return h(
            'tr',
            { class: before === after ? null : 'changed' },
            h('th', { scope: 'row' }, description.label(name)),
            h('td', { class: 'prose' }, before),
            h('td', { class: 'prose' }, after),
          );
        }),
      ),
    ),
  );
}

function revisionLabel(revision: Revision<unknown>): string {
  return t('revisions.label', { revision: revision.revision, at: formatDateTime(revision.submittedAt) });
}
