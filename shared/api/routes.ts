import type { HttpStage, RouteSpec } from '#shared/api/routeSpec.ts';
import { agreementRoutes } from '#shared/api/routes/agreement.ts';
import { applicationRoutes } from '#shared/api/routes/application.ts';
import { assessmentRoutes } from '#shared/api/routes/assessment.ts';
import { commendationRoutes } from '#shared/api/routes/commendation.ts';
import { demandRoutes } from '#shared/api/routes/demand.ts';
import { dispatchRoutes } from '#shared/api/routes/dispatch.ts';
import { fileRoutes } from '#shared/api/routes/files.ts';
import { importRoutes } from '#shared/api/routes/imports.ts';
import { peopleRoutes } from '#shared/api/routes/people.ts';
import { publicRoutes } from '#shared/api/routes/public.ts';
import { reportRoutes } from '#shared/api/routes/report.ts';
import { taskRoutes } from '#shared/api/routes/tasks.ts';

/** Each stage's routes, served by that stage's one function. */
export const routesByStage = {
  public: publicRoutes,
  application: applicationRoutes,
  tasks: taskRoutes,
  demand: demandRoutes,
  dispatch: dispatchRoutes,
  agreement: agreementRoutes,
  report: reportRoutes,
  assessment: assessmentRoutes,
  commendation: commendationRoutes,
  people: peopleRoutes,
  files: fileRoutes,
  imports: importRoutes,
} as const satisfies Record<HttpStage, readonly RouteSpec[]>;

/** A route and the stage whose function serves it. */
export type StagedRoute = RouteSpec & { readonly stage: HttpStage };

/** Every route of the API: the cloud HTTP API, the embedded runtime and the OpenAPI document all come from here. */
export const routes: readonly StagedRoute[] = Object.entries(routesByStage).flatMap(([stage, stageRoutes]) =>
  stageRoutes.map((route: RouteSpec) => ({ ...route, stage: stage as HttpStage })),
);

/** Every route's handler name (its OpenAPI operationId). */
export type HttpRouteName = (typeof routesByStage)[HttpStage][number]['handler'];
