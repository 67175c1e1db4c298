import { isLocalRuntime } from './deployment.ts';
import type { MessageKey } from './i18n.ts';
import type { Role } from './model.ts';
import type { Session } from './session.ts';

export interface PublicPageContext {
  /** A fresh element for this visit: updates that arrive after the reader has moved on land in a detached node. */
  root: HTMLElement;
  /** The route's captured segments, e.g. the application id. */
  params: readonly string[];
  /** Renders the current route again, e.g. after a conflict or a completed task. */
  reload: () => void;
}

export interface PageContext extends PublicPageContext {
  session: Session;
}

export type Page = (context: PageContext) => void | Promise<void>;

/** A page anyone may read, signed in or not (the published commendation list an email links to). */
export type PublicPage = (context: PublicPageContext) => void | Promise<void>;

/** Where a role starts: the first item of its navigation. */
export function homeRoute(role: Role): string {
  return navigationFor(role)[0]?.route ?? '/tasks';
}

export interface NavigationItem {
  route: string;
  label: MessageKey;
}

export function navigationFor(role: Role): NavigationItem[] {
  const outbox: NavigationItem[] = isLocalRuntime() ? [{ route: '/outbox', label: 'nav.outbox' }] : [];
  const dispatches: NavigationItem = { route: '/dispatches', label: 'nav.dispatches' };
  const notices: NavigationItem = { route: '/notices', label: 'nav.notices' };
  const agreements: NavigationItem = { route: '/agreements', label: 'nav.agreements' };
  const assessments: NavigationItem = { route: '/assessments', label: 'nav.assessments' };
  const statistics: NavigationItem = { route: '/stats', label: 'nav.statistics' };
  const commendations: NavigationItem = { route: '/commendation-rounds', label: 'nav.commendations' };
  switch (role) {
    case 'commissioner':
      return [
        { route: '/applications', label: 'nav.myApplications' },
        { route: '/applications/new', label: 'nav.newApplication' },
        { route: '/tasks', label: 'nav.myTasks' },
        dispatches,
        agreements,
        assessments,
        notices,
        statistics,
        ...outbox,
      ];
    case 'enterprise':
      return [
        { route: '/demands', label: 'nav.myDemands' },
        { route: '/demands/new', label: 'nav.newDemand' },
        { route: '/tasks', label: 'nav.myTasks' },
        dispatches,
        agreements,
        assessments,
        notices,
        statistics,
        ...outbox,
      ];
    case 'admin':
      return [
        { route: '/tasks', label: 'nav.tasks' },
        { route: '/applications', label: 'nav.applications' },
        { route: '/demands', label: 'nav.demands' },
        dispatches,
        agreements,
        assessments,
        commendations,
        notices,
        statistics,
        { route: '/people', label: 'nav.people' },
        { route: '/imports', label: 'nav.imports' },
        ...outbox,
      ];
    case 'institution':
      return [
        { route: '/tasks', label: 'nav.tasks' },
        { route: '/applications', label: 'nav.applications' },
        agreements,
        assessments,
        notices,
        statistics,
        ...outbox,
      ];
    case 'panel':
      return [{ route: '/tasks', label: 'nav.myTasks' }, commendations, notices, statistics, ...outbox];
  }
}
