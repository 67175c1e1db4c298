import { isLocalRuntime } from './deployment.ts';
import type { MessageKey } from './i18n.ts';
import type { Role } from './model.ts';
import type { Session } from './session.ts';

export interface PageContext {
  /** A fresh element for this visit: updates that arrive after the reader has moved on land in a detached node. */
  root: HTMLElement;
  /** The route's captured segments, e.g. the application id. */
  params: readonly string[];
  session: Session;
  /** Renders the current route again, e.g. after a conflict or a completed task. */
  reload: () => void;
}

export type Page = (context: PageContext) => void | Promise<void>;

export function homeRoute(role: Role): string {
  return role === 'commissioner' ? '/applications' : '/tasks';
}

export interface NavigationItem {
  route: string;
  label: MessageKey;
}

export function navigationFor(role: Role): NavigationItem[] {
  const outbox: NavigationItem[] = isLocalRuntime() ? [{ route: '/outbox', label: 'nav.outbox' }] : [];
  switch (role) {
    case 'commissioner':
      return [
        { route: '/applications', label: 'nav.myApplications' },
        { route: '/applications/new', label: 'nav.newApplication' },
        { route: '/tasks', label: 'nav.myTasks' },
        ...outbox,
      ];
    case 'institution':
    case 'admin':
      return [
        { route: '/tasks', label: 'nav.tasks' },
        { route: '/applications', label: 'nav.applications' },
        ...outbox,
      ];
    case 'panel':
    case 'enterprise':
      return [{ route: '/tasks', label: 'nav.myTasks' }, ...outbox];
  }
}
