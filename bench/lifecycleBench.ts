import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chinaDate } from '#shared/chinaTime.ts';
import { applicationForm } from '#test/support/apiClient.ts';
import {
  addDays,
  applyAndDispatch,
  assessYear,
  type Participant,
  type ReportPeriodView,
  reportQuarter,
  signAgreement,
} from './commissionerYear.ts';
import { mapConcurrently } from './concurrency.ts';
import { startMeteredRuntime } from './meteredRuntime.ts';
import type { RuntimeUsage } from './meteredRuntimeProtocol.ts';
import { type RouteTimings, type TaskOpenWaits, TimedApi, throttledBurstMs } from './timedApi.ts';

export interface LifecycleOptions {
  readonly commissioners: number;
  /** Commissioners driven at once within a phase. */
  readonly concurrency: number;
  readonly enginePersistence: boolean;
  /** A folder to write the runtime process's CPU profile to. */
  readonly profileDirectory?: string;
  readonly log: (line: string) => void;
}

export interface LifecycleResult {
  readonly options: Pick<LifecycleOptions, 'commissioners' | 'concurrency' | 'enginePersistence'>;
  readonly startupMs: number;
  /** From the first sign-in to the end of the term, clock advances included. */
  readonly totalMs: number;
  readonly phases: { readonly name: string; readonly ms: number }[];
  readonly routes: RouteTimings[];
  /** How long the bench waited for each kind of task to open (absent in results from before they were kept). */
  readonly taskOpenWaits?: TaskOpenWaits[];
  readonly usage: RuntimeUsage;
  readonly executions: number;
  readonly apiRequests: number;
  /** Calls a route's throttle refused (429), which the bench made again after a back-off. */
  readonly throttled: number;
  /** The steps that kept failing and the bench retried as the bureau: its retry tasks' ids (absent in results from before). */
  readonly retriedSteps?: readonly string[];
  /** `POST /applications` one at a time on the warm, otherwise idle runtime: the service time without queueing. */
  readonly unloadedApplications: RouteTimings;
}

const unloadedProbeSize = 20;

/** Submits applications one after another (after everything was counted, so they cost nothing above). */
async function probeUnloaded(url: string): Promise<RouteTimings> {
  const api = new TimedApi(url);
  for (let i = 1; i <= unloadedProbeSize; i += 1) {
    const token = await api.signIn(`probe${i}@bench.example.edu.cn`, 'commissioner');
    await api.call('POST', '/applications', {
      token,
      body: applicationForm({
        email: `probe${i}@bench.example.edu.cn`,
        researchOfficeEmail: `office-probe${i}@bench.example.edu.cn`,
      }),
      expect: [201],
    });
  }
  const timings = api.routeTimings().find(({ route }) => route === 'POST /applications');
  if (!timings) throw new Error('The probe made no application');
  return timings;
}

/** The dispatch's public notice runs 5 days; the bench moves on a day after it closed. */
const noticeSeconds = 6 * 24 * 3600;

/**
 * N commissioners through a whole year on a fresh embedded runtime (a child process with
 * meters), phase by phase, `concurrency` of them in flight, the clock moved between phases.
 */
export async function runLifecycle(options: LifecycleOptions): Promise<LifecycleResult> {
  const { commissioners, concurrency, enginePersistence, profileDirectory, log } = options;
  const dataDir = await mkdtemp(join(tmpdir(), 'commissioner-bench-'));
  const runtime = await startMeteredRuntime({
    dataDir,
    enginePersistence,
    ...(profileDirectory
      ? {
          profileFile: join(
            profileDirectory,
            `runtime-${commissioners}-persistence-${enginePersistence ? 'on' : 'off'}.cpuprofile`,
          ),
        }
      : {}),
  });
  let failed = false;
  try {
    const api = new TimedApi(runtime.url);
    const phases: { name: string; ms: number }[] = [];
    const started = performance.now();
    const phase = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
      const phaseStarted = performance.now();
      const result = await work();
      phases.push({ name, ms: performance.now() - phaseStarted });
      log(`  ${name}: ${((performance.now() - phaseStarted) / 1000).toFixed(1)} s`);
      return result;
    };
    const everyone = <T>(participants: readonly Participant[], work: (p: Participant) => Promise<T>) =>
      mapConcurrently(participants, concurrency, work);

    const admin = await api.signIn('admin@kjj.example.gov.cn', 'admin');
    api.retryFailedStepsAs(admin);
    const participants = await phase('apply, endorse, approve, demand, verify, dispatch, accept', () =>
      mapConcurrently(
        Array.from({ length: commissioners }, (_, i) => i + 1),
        concurrency,
        (n) => applyAndDispatch(api, admin, n),
      ),
    );
    await phase('public notice closes (clock +6 days), dispatches made', async () => {
      await api.call('POST', '/local/clock', { body: { advanceSeconds: noticeSeconds } });
      // Every notice closes at once: steps beyond the tasks' concurrency are throttled and retried
      // (for up to about 8 minutes), so the bureau drafts agreements once it sees the dispatches made.
      await everyone(participants, (p) =>
        api.readUntil(
          '/dispatches/{id}',
          { id: p.dispatchId },
          admin,
          ({ body }) => body.dispatch.state === 'dispatched',
          throttledBurstMs,
        ),
      );
    });
    const termStart = addDays(chinaDate(await api.clockNow()), 10);
    const periodLists = await phase('agreement drafted, signed by three, countersigned', () =>
      everyone(participants, (p) => signAgreement(api, admin, p, termStart)),
    );
    const periods = periodLists[0] as ReportPeriodView[];
    for (const period of periods) {
      await phase(`period ${period.index} opens (clock to ${period.start})`, () =>
        api.advanceClockTo(period.start, '08:00'),
      );
      await phase(`period ${period.index}: submit, confirm, accept`, () =>
        everyone(participants, (p) => reportQuarter(api, admin, p, period.index)),
      );
    }
    const year = (periods.at(-1) as ReportPeriodView).end.slice(0, 4);
    await phase(`assessment ${year}: open, rate, grade`, async () => {
      // The year opens as a workflow over pages of agreements: the request answers before it is done.
      await api.call('POST', '/assessments', { token: admin, body: { year }, expect: [202] });
      await api.readUntil(
        '/assessments/openings/{year}',
        { year },
        admin,
        ({ body }) => body.opening?.state === 'opened',
      );
      await everyone(participants, (p) => assessYear(api, admin, p, year));
    });
    const termEnd = addDays(termStart, 364);
    await phase(`term ends (clock to ${addDays(termEnd, 1)})`, () =>
      api.advanceClockTo(addDays(termEnd, 1), '08:00'),
    );
    const totalMs = performance.now() - started;

    const usage = await runtime.collect();
    const routes = api.routeTimings();
    const unloadedApplications = await probeUnloaded(runtime.url);
    return {
      options: { commissioners, concurrency, enginePersistence },
      startupMs: runtime.startupMs,
      totalMs,
      phases,
      routes,
      taskOpenWaits: api.taskOpenWaits(),
      usage,
      executions: usage.workflows.reduce((total, workflow) => total + workflow.executions, 0),
      // What API Gateway would bill: the product's routes, not the local-only ones (sign-in is Cognito's).
      apiRequests: routes
        .filter(({ route }) => !route.includes(' /local/'))
        .reduce((total, { samples }) => total + samples.length, 0),
      unloadedApplications,
      throttled: api.throttled,
      retriedSteps: api.retriedSteps,
    };
  } catch (error) {
    failed = true;
    // A request that failed because the runtime died says less than why it died.
    const why = runtime.failure();
    throw why ? new Error(`The runtime process failed: ${why}`, { cause: error }) : error;
  } finally {
    await runtime.stop();
    if (failed) {
      // Where a long run stopped is in its records and, with persistence on, the engine's executions.
      log(`  the runtime's data directory is kept for a look at where the run stopped: ${dataDir}`);
    } else {
      await rm(dataDir, { recursive: true, force: true });
    }
  }
}
