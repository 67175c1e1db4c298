import type * as z from 'zod';
import type { ResponseName } from '#shared/api/responseTypes.ts';
import { listPageSize } from '#shared/http/listRequest.ts';
import type { PageSize } from '#shared/http/pageCursor.ts';
import type { xlsxContentType } from '#shared/spreadsheet/xlsxMediaType.ts';

/**
 * The HTTP functions: one per stage, each serving that stage's routes. A stage's routes are
 * declared once, in `shared/api/routes/<stage>.ts`, and its handlers in `functions/http/<stage>.ts`.
 */
export const httpStages = [
  'public',
  'application',
  'tasks',
  'demand',
  'dispatch',
  'agreement',
  'report',
  'assessment',
  'commendation',
  'people',
  'files',
  'imports',
] as const;
export type HttpStage = (typeof httpStages)[number];

/** API Gateway's token bucket for a route: requests a second, steadily and in a burst. */
export interface Throttle {
  readonly ratePerSecond: number;
  readonly burst: number;
}

/** Every route's own bucket unless it names one: far above what a district programme sends. */
export const stageThrottle: Throttle = { ratePerSecond: 50, burst: 100 };

/**
 * Routes anyone may call (public, or open to every signed-in person, who need not be a
 * member): a flood there reaches no bureau-only code, and each person's own use is also
 * counted per day where the route writes.
 */
export const openRouteThrottle: Throttle = { ratePerSecond: 20, burst: 50 };

export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'PUT';
  /** API Gateway path syntax, e.g. `/applications/{id}`. */
  readonly path: string;
  /** The route's handler in its stage's module, and its OpenAPI operationId: unique across the API. */
  readonly handler: string;
  readonly summary: string;
  /** `public` routes have no authorizer; every other route needs a signed-in user. */
  readonly access: 'public' | 'signed-in';
  /**
   * Validates the JSON body before the handler runs, which receives it parsed. Imported on the
   * route's first request, so that a stage function's cold start builds no schema (zod) of a
   * route it is not serving.
   */
  readonly requestBody?: () => Promise<z.ZodType>;
  /** Status codes this route answers with, and what each means; a handler can answer only these. */
  readonly responses: Readonly<Record<number, string>>;
  /** What a handler's plain result answers with. @default 200 */
  readonly status?: 200 | 201 | 202;
  readonly idempotencyKey?: boolean;
  /** What a 200 answers with: a CSV text, or an .xlsx workbook's bytes. @default 'application/json' */
  readonly produces?: 'text/csv' | typeof xlsxContentType;
  /** This route's bucket. @default stageThrottle */
  readonly throttle?: Throttle;
  /** Query-string parameters, by name. */
  readonly query?: Readonly<Record<string, { readonly required: boolean; readonly description: string }>>;
  /** A list read a page at a time: a 200 answers `{ items, nextCursor? }`. */
  readonly paged?: true;
  /**
   * The type a success answers with, named in `ResponseTypes` (a paged route's: its items' type);
   * every route but a CSV one names one, and its handler's answer is checked against it.
   */
  readonly response?: ResponseName;
}

type QuerySpec = NonNullable<RouteSpec['query']>;

/** The page parameters of a list, and the filters it has (each described for this list). */
export function pageQuery(
  filters: { state?: readonly string[]; year?: string; organization?: string } = {},
  size: PageSize = listPageSize,
): QuerySpec {
  return {
    limit: {
      required: false,
      description: `Items a page holds at most: 1 to ${size.maxLimit}, ${size.defaultLimit} when not given`,
    },
    cursor: {
      required: false,
      description: "The previous page's `nextCursor`, with the same filters, to read the page after it",
    },
    ...(filters.state
      ? { state: { required: false, description: `Only those in this state: ${filters.state.join(', ')}` } }
      : {}),
    ...(filters.year ? { year: { required: false, description: filters.year } } : {}),
    ...(filters.organization ? { organization: { required: false, description: filters.organization } } : {}),
  };
}

export const pageRefusals = {
  400: 'A limit out of range, a cursor this list did not give for these filters, or a bad filter (each named)',
} as const;

export const signedIn = {
  401: 'No valid token',
  403: 'Not allowed for this caller',
  429: 'Too many requests: try again later',
} as const;
