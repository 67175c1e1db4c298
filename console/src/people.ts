import { api } from './api.ts';
import { h, replaceContent } from './dom.ts';
import { formatDateTime } from './format.ts';
import { clearErrors, field, fieldGroup, formErrorSlot, showSubmitError } from './forms.ts';
import { t } from './i18n.ts';
import { idempotentSubmission } from './idempotency.ts';
import {
  isOneOf,
  type Person,
  type PersonAuditEntry,
  type PersonState,
  type Role,
  roles,
  rolesWithOrganization,
} from './model.ts';
import type { PageContext } from './page.ts';
import { errorNotice, flash, link, loadingNotice, notice, pageHeading, refreshButton } from './ui.ts';

const roleList = (list: readonly Role[]) => list.map((role) => t(`role.${role}`)).join('、');

function stateBadge(state: PersonState): HTMLElement {
  return h(
    'span',
    { class: `badge state-${state === 'active' ? 'approved' : 'rejected'}`, 'data-state': state },
    t(`people.state.${state}`),
  );
}

/** Role checkboxes and the organisation field, shown only for a research office or an enterprise. */
function rolesAndOrganization(prefix: string, person?: Person) {
  const boxes = roles.map((role) =>
    h('input', {
      type: 'checkbox',
      name: 'roles',
      value: role,
      checked: person?.roles.includes(role) ?? false,
    }),
  );
  const organization = h('input', { type: 'text', value: person?.organization ?? '', autocomplete: 'off' });
  const organizationField = field({
    name: 'organization',
    id: `${prefix}-organization`,
    label: t('people.organization'),
    control: organization,
    hint: t('people.organizationHint'),
  });
  const chosen = () =>
    boxes
      .filter((box) => box.checked)
      .map((box) => box.value)
      .filter((v) => isOneOf(roles, v));
  // Required for a research office or an enterprise; a panel expert's affiliation is optional.
  const update = () => {
    const needed = chosen().some((role) => rolesWithOrganization.includes(role));
    organizationField.hidden = !needed && !chosen().includes('panel');
    organization.required = needed;
  };
  for (const box of boxes) box.addEventListener('change', update);
  update();
  return {
    elements: [
      fieldGroup({
        name: 'roles',
        id: `${prefix}-roles`,
        legend: t('people.roles'),
        controls: boxes.map((box) =>
          h('label', { class: 'choice' }, box, ` ${t(`role.${box.value as Role}`)}`),
        ),
      }),
      organizationField,
    ],
    value: () => ({
      roles: chosen(),
      ...(organizationField.hidden || organization.value.trim() === ''
        ? {}
        : { organization: organization.value.trim() }),
    }),
  };
}

/** The bureau's People page: members with filters and "more", and the invitation form. */
export async function renderPeople({ root, session, reload }: PageContext): Promise<void> {
  root.append(
    pageHeading(t('people.heading'), refreshButton(reload)),
    h('p', { class: 'lead' }, t('people.intro')),
  );
  if (session.role !== 'admin') {
    root.append(notice('error', t('people.onlyBureau')));
    return;
  }
  root.append(inviteForm(reload));

  const roleFilter = h(
    'select',
    { 'data-testid': 'filter-role' },
    h('option', { value: '' }, t('people.anyRole')),
    ...roles.map((role) => h('option', { value: role }, t(`role.${role}`))),
  );
  const stateFilter = h(
    'select',
    { 'data-testid': 'filter-state' },
    h('option', { value: '' }, t('people.anyState')),
    h('option', { value: 'active' }, t('people.state.active')),
    h('option', { value: 'disabled' }, t('people.state.disabled')),
  );
  const organizationFilter = h('input', { type: 'text', 'data-testid': 'filter-organization' });
  const rows = h('tbody', {});
  const more = h('button', { type: 'button', 'data-testid': 'more' }, t('people.more'));
  // Shown only while more remain (a button's display style would override `hidden`).
  const moreSlot = h('div', {});
  const status = h('div', {});
  let cursor: string | undefined;

  const load = async (fresh: boolean) => {
    if (fresh) {
      cursor = undefined;
      replaceContent(rows);
    }
    replaceContent(status, loadingNotice());
    try {
      const role = isOneOf(roles, roleFilter.value) ? roleFilter.value : undefined;
      const state =
        stateFilter.value === 'active' || stateFilter.value === 'disabled' ? stateFilter.value : undefined;
      const page = await api.listPeople({
        ...(role ? { role } : {}),
        ...(state ? { state } : {}),
        ...(organizationFilter.value.trim() ? { organization: organizationFilter.value.trim() } : {}),
        ...(cursor ? { cursor } : {}),
      });
      rows.append(
        ...page.items.map((person) =>
          h(
            'tr',
            { 'data-testid': 'person', 'data-sub': person.sub },
            h('td', {}, link(`/people/${encodeURIComponent(person.sub)}`, person.email)),
            h('td', {}, roleList(person.roles)),
            h('td', {}, person.organization ?? '—'),
            h('td', {}, stateBadge(person.state)),
          ),
        ),
      );
      cursor = page.nextCursor;
      replaceContent(moreSlot, cursor === undefined ? '' : more);
      replaceContent(status, rows.children.length === 0 ? notice('info', t('people.none')) : '');
    } catch (error) {
      replaceContent(status, errorNotice(error));
    }
  };
  const filterForm = h(
    'form',
    { class: 'inline-controls', 'data-testid': 'people-filters' },
    h('label', {}, t('people.role'), ' ', roleFilter),
    h('label', {}, t('people.organization'), ' ', organizationFilter),
    h('label', {}, t('people.stateLabel'), ' ', stateFilter),
    h('button', { type: 'submit' }, t('people.filter')),
  );
  filterForm.addEventListener('submit', (event) => {
    event.preventDefault();
    void load(true);
  });
  more.addEventListener('click', () => void load(false));
  root.append(
    h('h2', {}, t('people.members')),
    filterForm,
    h(
      'table',
      { class: 'list', 'data-testid': 'people' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, t('people.email')),
          h('th', {}, t('people.roles')),
          h('th', {}, t('people.organization')),
          h('th', {}, t('people.stateLabel')),
        ),
      ),
      rows,
    ),
    status,
    moreSlot,
  );
  await load(true);
}

function inviteForm(reload: () => void): HTMLElement {
  const email = h('input', { type: 'email', required: true, autocomplete: 'off' });
  const choice = rolesAndOrganization('invite');
  const submit = h(
    'button',
    { type: 'submit', class: 'primary', 'data-testid': 'invite' },
    t('people.invite'),
  );
  const form = h(
    'form',
    { class: 'stacked narrow', 'data-testid': 'invite-form' },
    field({ name: 'email', id: 'invite-email', label: t('people.email'), control: email }),
    ...choice.elements,
    formErrorSlot(),
    h('div', { class: 'form-actions' }, submit),
  );
  const invite = idempotentSubmission(api.invitePerson);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    submit.disabled = true;
    try {
      const { person } = await invite({ email: email.value.trim(), ...choice.value() });
      flash('success', t('people.invited', { email: person.email }));
      reload();
    } catch (error) {
      showSubmitError(form, error);
    } finally {
      submit.disabled = false;
    }
  });
  return h('details', { class: 'panel' }, h('summary', {}, t('people.inviteHeading')), form);
}

/** One member: change roles and organisation, disable or enable with a reason, and the audit trail. */
export async function renderPersonDetail({ root, params, session, reload }: PageContext): Promise<void> {
  const sub = params[0] ?? '';
  const content = h('div', {}, loadingNotice());
  root.append(
    pageHeading(t('people.person'), link('/people', t('people.back')), refreshButton(reload)),
    content,
  );
  try {
    const { person } = await api.getPerson(sub);
    const self = person.email === session.email;
    replaceContent(
      content,
      h(
        'dl',
        { class: 'details', 'data-testid': 'person-details' },
        h('dt', {}, t('people.email')),
        h('dd', {}, person.email),
        h('dt', {}, t('people.roles')),
        h('dd', {}, roleList(person.roles)),
        h('dt', {}, t('people.organization')),
        h('dd', {}, person.organization ?? '—'),
        h('dt', {}, t('people.stateLabel')),
        h('dd', {}, stateBadge(person.state)),
      ),
      changeForm(person, reload),
      self ? notice('info', t('people.selfNotice')) : stateForm(person, reload),
      h('h2', {}, t('people.audit')),
      auditList(person.audit),
    );
  } catch (error) {
    replaceContent(content, errorNotice(error));
  }
}

function changeForm(person: Person, reload: () => void): HTMLElement {
  const choice = rolesAndOrganization('change', person);
  const reason = h('input', { type: 'text', maxLength: 1000 });
  const submit = h(
    'button',
    { type: 'submit', class: 'primary', 'data-testid': 'change' },
    t('people.change'),
  );
  const form = h(
    'form',
    { class: 'stacked narrow', 'data-testid': 'change-form' },
    ...choice.elements,
    field({ name: 'reason', id: 'change-reason', label: t('people.reason'), control: reason }),
    formErrorSlot(),
    h('div', { class: 'form-actions' }, submit),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    submit.disabled = true;
    try {
      await api.changePerson(person.sub, {
        ...choice.value(),
        version: person.version,
        ...(reason.value.trim() ? { reason: reason.value.trim() } : {}),
      });
      flash('success', t('people.changed'));
      reload();
    } catch (error) {
      showSubmitError(form, error);
    } finally {
      submit.disabled = false;
    }
  });
  return h('section', {}, h('h2', {}, t('people.changeHeading')), form);
}

function stateForm(person: Person, reload: () => void): HTMLElement {
  const action = person.state === 'active' ? 'disable' : 'enable';
  const reason = h('input', { type: 'text', required: true, maxLength: 1000 });
  const submit = h('button', { type: 'submit', 'data-testid': action }, t(`people.${action}`));
  const form = h(
    'form',
    { class: 'stacked narrow', 'data-testid': `${action}-form` },
    field({ name: 'reason', id: `${action}-reason`, label: t('people.reason'), control: reason }),
    formErrorSlot(),
    h('div', { class: 'form-actions' }, submit),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    submit.disabled = true;
    try {
      await api.setPersonState(person.sub, action, reason.value.trim());
      flash('success', t(action === 'disable' ? 'people.disabled' : 'people.enabled'));
      reload();
    } catch (error) {
      showSubmitError(form, error);
    } finally {
      submit.disabled = false;
    }
  });
  return h('section', {}, h('h2', {}, t(`people.${action}Heading`)), form);
}

function auditList(entries: readonly PersonAuditEntry[]): HTMLElement {
  return h(
    'ol',
    { class: 'history', 'data-testid': 'person-audit' },
    ...entries.map((entry) =>
      h(
        'li',
        {},
        h('strong', {}, t(`people.action.${entry.action}`)),
        ` · ${formatDateTime(entry.at)} · ${entry.actor.email}`,
        entry.changes?.roles
          ? h(
              'div',
              {},
              t('people.rolesChanged', {
                from: roleList(entry.changes.roles.from) || '—',
                to: roleList(entry.changes.roles.to),
              }),
            )
          : null,
        entry.changes?.organization
          ? h(
              'div',
              {},
              t('people.organizationChanged', {
                from: entry.changes.organization.from ?? '—',
                to: entry.changes.organization.to ?? '—',
              }),
            )
          : null,
        entry.reason ? h('div', { class: 'muted' }, entry.reason) : null,
      ),
    ),
  );
}
