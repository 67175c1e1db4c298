import { renderAgreementDetail } from './agreement-detail.ts';
import { renderAgreements } from './agreements.ts';
import { api } from './api.ts';
import { renderApplicationDetail } from './application-detail.ts';
import { renderApplications, renderNewApplication } from './applications.ts';
import { renderAssessmentDetail } from './assessment-detail.ts';
import { renderAssessments } from './assessments.ts';
import { renderCommendationRoundDetail } from './commendation-round-detail.ts';
import { renderCommendationRounds } from './commendation-rounds.ts';
import { renderDemandDetail } from './demand-detail.ts';
import { renderDemands, renderNewDemand } from './demands.ts';
import { type ConfigProblem, loadDeploymentConfig } from './deployment.ts';
import { renderDispatchDetail } from './dispatch-detail.ts';
import { renderDispatches, renderNotices } from './dispatches.ts';
import { h, replaceContent } from './dom.ts';
import { type Locale, loadLocale, locale, locales, preferredLocale, t } from './i18n.ts';
import { renderImports } from './imports.ts';
import { completeSignIn, secondFactorSetupRoute, signOut } from './oidc-sign-in.ts';
import { renderOutbox } from './outbox.ts';
import { homeRoute, navigationFor, type Page, type PublicPage } from './page.ts';
import { renderPeople, renderPersonDetail } from './people.ts';
import { renderPublishedCommendations } from './published-commendations.ts';
import { renderReportDetail } from './report-detail.ts';
import { renderRubric } from './rubric.ts';
import { renderSecondFactorSetup } from './second-factor-setup.ts';
import { currentSession, rememberReturnRoute, type Session } from './session.ts';
import { renderSignIn } from './sign-in.ts';
import { watchTables } from './stacked-tables.ts';
import { renderStatistics } from './statistics.ts';
import { renderTasks } from './tasks.ts';
import { describeError, errorNotice, flash, notice, takeFlash } from './ui.ts';

const routes: { pattern: RegExp; page: Page }[] = [
  { pattern: /^\/applications$/, page: renderApplications },
  { pattern: /^\/applications\/new$/, page: renderNewApplication },
  { pattern: /^\/applications\/([^/]+)$/, page: renderApplicationDetail },
  { pattern: /^\/demands$/, page: renderDemands },
  { pattern: /^\/demands\/new$/, page: renderNewDemand },
  { pattern: /^\/demands\/([^/]+)$/, page: renderDemandDetail },
  { pattern: /^\/dispatches$/, page: renderDispatches },
  { pattern: /^\/dispatches\/([^/]+)$/, page: renderDispatchDetail },
  { pattern: /^\/agreements$/, page: renderAgreements },
  { pattern: /^\/agreements\/([^/]+)$/, page: renderAgreementDetail },
  { pattern: /^\/reports\/([^/]+)$/, page: renderReportDetail },
  // A year is four digits; an assessment's id is `<year>.<agreementId>`.
  { pattern: /^\/assessments$/, page: renderAssessments },
  { pattern: /^\/assessments\/(\d{4})$/, page: renderAssessments },
  { pattern: /^\/assessments\/([^/]+)$/, page: renderAssessmentDetail },
  { pattern: /^\/rubric$/, page: renderRubric },
  { pattern: /^\/commendation-rounds$/, page: renderCommendationRounds },
  { pattern: /^\/commendation-rounds\/([^/]+)$/, page: renderCommendationRoundDetail },
  { pattern: /^\/stats$/, page: renderStatistics },
  { pattern: /^\/stats\/(\d{4})$/, page: renderStatistics },
  { pattern: /^\/notices$/, page: renderNotices },
  { pattern: /^\/tasks$/, page: renderTasks },
  { pattern: /^\/outbox$/, page: renderOutbox },
  { pattern: /^\/people$/, page: renderPeople },
  { pattern: /^\/imports$/, page: renderImports },
  { pattern: /^\/imports\/([^/]+)$/, page: renderImports },
  { pattern: /^\/people\/([^/]+)$/, page: renderPersonDetail },
];

/** Pages anyone may read without signing in: the published commendation list, linked from emails. */
const publicRoutes: { pattern: RegExp; page: PublicPage }[] = [
  { pattern: /^\/commendations\/([^/]+)$/, page: renderPublishedCommendations },
];

const header = document.getElementById('header') ?? document.body.appendChild(h('header'));
const main = document.getElementById('main') ?? document.body.appendChild(h('main'));

/** The route, without the `?…` a list keeps its filters in. */
function currentPath(): string {
  return location.hash.replace(/^#/, '').replace(/\?.*$/, '') || '/';
}

function render(): void {
  const path = currentPath();
  const session = currentSession();
  const isPublic = publicRoutes.some(({ pattern }) => pattern.test(path));
  // Redirects first, so that a flash (e.g. a failed sign-in) is shown on the page it leads to.
  // Setting up a second factor comes before there is a session: GET /me refuses one until it is done.
  const beforeSession = path === '/sign-in' || path === secondFactorSetupRoute;
  if (!session && !beforeSession && !isPublic) {
    rememberReturnRoute(path);
    location.hash = '#/sign-in';
    return;
  }
  if (session && path === '/') {
    location.hash = `#${homeRoute(session.role)}`;
    return;
  }
  renderHeader(path, session);
  const root = h('div', { class: 'page' });
  replaceContent(main, takeFlash(), root);

  if (path === '/sign-in') {
    renderSignIn(root);
    return;
  }
  if (path === secondFactorSetupRoute) {
    showPage(root, renderSecondFactorSetup(root));
    return;
  }
  for (const { pattern, page } of publicRoutes) {
    const params = routeParams(pattern, path);
    if (params === undefined) continue;
    showPage(root, page({ root, params, reload: render }));
    return;
  }
  if (!session) return;
  for (const { pattern, page } of routes) {
    const params = routeParams(pattern, path);
    if (params === undefined) continue;
    showPage(root, page({ root, params, session, reload: render }));
    return;
  }
  root.append(notice('error', t('common.notFound')));
}

/** The route's segments, decoded, when `path` is that route. */
function routeParams(pattern: RegExp, path: string): string[] | undefined {
  const match = pattern.exec(path);
  return match ? match.slice(1).map((segment) => safelyDecoded(segment ?? '')) : undefined;
}

/** A page's failure that it did not show itself is shown below what it did. */
function showPage(root: HTMLElement, rendering: void | Promise<void>): void {
  Promise.resolve(rendering).catch((error: unknown) => {
    root.append(errorNotice(error));
  });
}

/** Goes to a route, rendering again when it is already the current one (the hash would not change). */
function navigate(route: string): void {
  if (currentPath() === route) render();
  else location.hash = `#${route}`;
}

function safelyDecoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function renderHeader(path: string, session: Session | undefined): void {
  const languageSelect = h(
    'select',
    {
      'aria-label': t('header.language'),
      'data-testid': 'language',
      value: locale(),
      onchange: () => {
        const chosen = locales.find((candidate) => candidate === languageSelect.value);
        if (!chosen) return;
        // The person's email follows the language they read the console in.
        if (session) {
          api.setEmailLanguage(chosen).catch((error: unknown) => flash('error', describeError(error)));
        }
        void switchLocale(chosen);
      },
    },
    ...locales.map((value) => h('option', { value }, t(`language.${value}`))),
  );
  const navigation = session
    ? h(
        'nav',
        { id: 'main-navigation', 'aria-label': t('header.navigation') },
        ...navigationFor(session.role).map(({ route, label }) =>
          h('a', { href: `#${route}`, 'aria-current': isCurrent(route, path) ? 'page' : null }, t(label)),
        ),
      )
    : null;
  // On a narrow screen the navigation folds behind this button (styles.css); choosing a page folds it again.
  const menuButton = navigation
    ? h(
        'button',
        {
          type: 'button',
          class: 'menu-toggle',
          'aria-controls': 'main-navigation',
          'aria-expanded': 'false',
          onclick: () => {
            const unfolded = menuButton?.getAttribute('aria-expanded') !== 'true';
            menuButton?.setAttribute('aria-expanded', String(unfolded));
          },
        },
        t('header.menu'),
      )
    : null;
  const account = session
    ? h(
        'div',
        { class: 'account', 'data-testid': 'account' },
        h('span', {}, session.email),
        h(
          'span',
          { class: 'muted' },
          t(`role.${session.role}`),
          session.organization ? ` · ${session.organization}` : '',
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'link',
            'data-testid': 'sign-out',
            onclick: () => {
              const providerSignOut = signOut();
              if (providerSignOut) location.assign(providerSignOut);
              else navigate('/sign-in');
            },
          },
          t('header.signOut'),
        ),
      )
    : null;
  replaceContent(
    header,
    h(
      'div',
      { class: 'container header-bar' },
      h('a', { class: 'brand', href: '#/' }, t('app.title')),
      menuButton,
      navigation,
      h('div', { class: 'header-end' }, account, languageSelect),
    ),
  );
}

/** Lists whose records' pages belong to them in the navigation; "new …" pages have their own item. */
const listRoutes = [
  '/applications',
  '/demands',
  '/dispatches',
  '/agreements',
  '/assessments',
  '/commendation-rounds',
  '/imports',
  '/stats',
];

/** The nav item for the page shown: a record's page belongs to its list, "new application" to itself. */
function isCurrent(route: string, path: string): boolean {
  if (listRoutes.includes(route))
    return path === route || (path.startsWith(`${route}/`) && path !== `${route}/new`);
  return path === route;
}

async function switchLocale(next: Locale): Promise<void> {
  await loadLocale(next, true);
  render();
}

/** Without a valid config.json the console knows neither its API nor where people sign in: it says so. */
function renderConfigProblem(problem: ConfigProblem): void {
  replaceContent(
    header,
    h('div', { class: 'container header-bar' }, h('span', { class: 'brand' }, t('app.title'))),
  );
  replaceContent(
    main,
    h(
      'div',
      { class: 'page' },
      notice(
        'error',
        problem.kind === 'missing' ? t('config.missing') : t('config.invalid', { field: problem.field }),
      ),
    ),
  );
}

const [, configProblem] = await Promise.all([loadLocale(preferredLocale(), false), loadDeploymentConfig()]);
if (configProblem) {
  renderConfigProblem(configProblem);
} else {
  window.addEventListener('hashchange', render);
  watchTables(main);
  const signInResult = await completeSignIn();
  if (signInResult === 'refused') flash('error', t('signIn.refused'));
  if (signInResult === 'failed') flash('error', t('signIn.failed'));
  if (signInResult === 'second-factor-missing') flash('error', t('signIn.secondFactorMissing'));
  // Asking for a second factor leaves for the provider's page: nothing to show meanwhile.
  if (signInResult !== 'asking-second-factor') render();
}
