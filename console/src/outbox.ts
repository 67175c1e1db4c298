import { api } from './api.ts';
import { h, replaceContent } from './dom.ts';
import { formatDateTime, formatDuration } from './format.ts';
import { t } from './i18n.ts';
import type { OutboxMessage } from './model.ts';
import type { PageContext } from './page.ts';
import { describeError, errorNotice, loadingNotice, notice, pageHeading } from './ui.ts';

const day = 86_400;

/** The local runtime's sent mail (SES in the cloud) and its clock, which demos move forward. */
export async function renderOutbox({ root, reload }: PageContext): Promise<void> {
  const messages = h('div', {}, loadingNotice());
  const detail = h('div', {});
  root.append(
    pageHeading(
      t('outbox.heading'),
      h('button', { type: 'button', onclick: reload, 'data-testid': 'refresh' }, t('common.refresh')),
    ),
    notice('info', t('outbox.localNotice')),
    clockControl(reload),
    messages,
    detail,
  );
  try {
    const { items } = await api.listOutbox();
    if (items.length === 0) {
      replaceContent(messages, h('p', { class: 'empty' }, t('outbox.empty')));
      return;
    }
    const rows = items.map((message) => {
      const row = h(
        'tr',
        { 'data-testid': 'outbox-message' },
        h('td', { class: 'nowrap' }, formatDateTime(message.at)),
        h('td', {}, message.to.join(', ')),
        h(
          'td',
          {},
          h(
            'button',
            { type: 'button', class: 'link', onclick: () => select(message, row) },
            message.subject,
          ),
        ),
      );
      return row;
    });
    const select = (message: OutboxMessage, row: HTMLElement) => {
      for (const other of rows) other.classList.toggle('selected', other === row);
      replaceContent(detail, messageDetail(message));
      detail.scrollIntoView({ block: 'nearest' });
    };
    replaceContent(
      messages,
      h(
        'table',
        { 'data-testid': 'outbox' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', {}, t('outbox.at')),
            h('th', {}, t('outbox.to')),
            h('th', {}, t('outbox.subject')),
          ),
        ),
        h('tbody', {}, ...rows),
      ),
    );
  } catch (error) {
    replaceContent(messages, errorNotice(error));
  }
}

function messageDetail(message: OutboxMessage): HTMLElement {
  return h(
    'article',
    { class: 'panel', 'data-testid': 'outbox-detail' },
    h('h2', {}, message.subject),
    h(
      'dl',
      { class: 'summary' },
      h('dt', {}, t('outbox.to')),
      h('dd', {}, message.to.join(', ')),
      h('dt', {}, t('outbox.at')),
      h('dd', {}, formatDateTime(message.at)),
      ...(message.via
        ? [
            h('dt', {}, t('outbox.via')),
            h(
              'dd',
              { 'data-testid': 'outbox-via' },
              t(message.via === 'smtp' ? 'outbox.viaSmtp' : 'outbox.viaSes'),
            ),
          ]
        : []),
    ),
    message.html
      ? // An empty sandbox: the email's markup is shown, but no script in it runs and it gets no origin.
        h('iframe', { class: 'email', sandbox: '', srcdoc: message.html, title: message.subject })
      : null,
    h(
      'details',
      { open: !message.html },
      h('summary', {}, t('outbox.plainText')),
      h('pre', { class: 'email-text', 'data-testid': 'outbox-text' }, message.text),
    ),
  );
}

function clockControl(reload: () => void): HTMLElement {
  const now = h('span', { 'data-testid': 'clock-now' }, t('common.loading'));
  const status = h('span', { class: 'muted', role: 'status' });
  const advance = async (seconds: number) => {
    status.textContent = '';
    try {
      await api.advanceClock(seconds);
      reload();
    } catch (error) {
      status.textContent = describeError(error);
    }
  };
  void api
    .getClock()
    .then((clock) => {
      now.textContent = formatDateTime(clock.now);
      if (clock.offsetMs > 0)
        status.textContent = t('outbox.clockAhead', { by: formatDuration(clock.offsetMs / 1000) });
    })
    .catch((error: unknown) => {
      status.textContent = describeError(error);
    });
  return h(
    'div',
    { class: 'clock panel', 'data-testid': 'clock' },
    h('strong', {}, t('outbox.clock')),
    ' ',
    now,
    ' ',
    status,
    h(
      'div',
      { class: 'buttons' },
      h('button', { type: 'button', onclick: () => void advance(day) }, t('outbox.advanceOneDay')),
      h('button', { type: 'button', onclick: () => void advance(7 * day) }, t('outbox.advanceSevenDays')),
    ),
  );
}
