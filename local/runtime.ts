import { join, resolve } from 'node:path';
import { localArn, localRegion, TemplateResolver } from '#local/cloudFormation.ts';
import { demoPassword, demoPeople } from '#local/demoPeople.ts';
import { LocalStepFunctions } from '#local/engine/engine.ts';
import { startSfnServer } from '#local/engine/sfnServer.ts';
import { LambdaHost } from '#local/lambdaHost.ts';
import { LocalAccounts } from '#local/localAccounts.ts';
import { LocalClock } from '#local/localClock.ts';
import { createTemplateTables, dynamoClientFor, startLocalDynamo } from '#local/localDynamo.ts';
import { LocalHttpApi } from '#local/localHttpApi.ts';
import { consoleClientId, LocalIdentityProvider } from '#local/localIdentityProvider.ts';
import { LocalObjectStore, localBuckets } from '#local/localObjectStore.ts';
import { localRoutes } from '#local/localRoutes.ts';
import { LocalScheduler } from '#local/localScheduler.ts';
import { LocalSecrets } from '#local/localSecrets.ts';
import { Outbox } from '#local/outbox.ts';
import { SmtpInbox } from '#local/smtpInbox.ts';
import { consoleSiteForStart, templateForStart, withValidatedDefinitions } from '#local/startupCache.ts';
import type { ThreadMemory } from '#local/threadMemory.ts';
import { now } from '#shared/clock.ts';
import { requireEnv } from '#shared/config.ts';
import { type ConsoleConfig, secondFactorAcr } from '#shared/consoleConfig.ts';
import { seedAdmins, seedDemoMembers } from '#shared/membership/membershipService.ts';

export interface EmbeddedRuntimeOptions {
  /** @default 3000; 0 picks a free port */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Where everything is kept: tables, executions, outbox, clock, accounts and keys. Omit to keep nothing. */
  readonly dataDir?: string;
  /**
   * Whether to make the demo people (one per role, `DEMO_PASSWORD`) besides the bureau's admins.
   * @default true
   */
  readonly demoPeople?: boolean;
  /**
   * Whether the engine persists each execution after every transition (under `dataDir`).
   * Off only to measure what durability costs (`npm run bench`). @default true
   */
  readonly enginePersistence?: boolean;
  /**
   * How the functions send email: `ses` into the outbox's SES endpoint; `smtp` as a China
   * deployment does, through a local SMTP server (TLS, a login, the settings in a local Secrets
   * Manager) that delivers into the same outbox. @default 'ses'
   */
  readonly email?: 'ses' | 'smtp';
}

/** Where each local service listens, for the AWS CLI and SDKs (and tools) to be pointed at. */
export interface LocalEndpoints {
  readonly region: string;
  readonly dynamoDb: string;
  readonly stepFunctions: string;
  readonly api: string;
  readonly console: string;
  readonly oidcIssuer: string;
  /** S3, path-style (`/<bucket>/<key>`): the template's buckets, their CORS rules allowing the console's origin. */
  readonly s3: string;
  /** With `email: 'smtp'`: the mail server the functions send to, and the Secrets Manager holding its settings. */
  readonly smtp?: string;
  readonly secretsManager?: string;
}

export interface EmbeddedRuntime {
  readonly url: string;
  readonly endpoints: LocalEndpoints;
  /** Whether start-up reused the template and the console's site built by an earlier start. */
  readonly reused: { readonly template: boolean; readonly console: boolean };
  readonly engine: LocalStepFunctions;
  readonly outbox: Outbox;
  /** dynalite's thread's heap (the rest of the process's is the calling thread's own to measure). */
  dynamoThreadMemory(): Promise<ThreadMemory>;
  close(): Promise<void>;
}

/** The bureau's first admins: BUREAU_ADMIN_EMAILS, comma-separated. */
function bureauAdminEmails(): string[] {
  const listed = (process.env.BUREAU_ADMIN_EMAILS ?? 'admin@bureau.example')
    .split(',')
    .map((email) => email.trim())
    .filter((email) => email !== '');
  const invalid = listed.filter((email) => !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email));
  if (invalid.length > 0)
    throw new Error(`BUREAU_ADMIN_EMAILS holds addresses that are not: ${invalid.join(', ')}`);
  return listed;
}

const repositoryRoot = resolve(new URL('..', import.meta.url).pathname);

/**
 * The whole system on one machine: dynalite for DynamoDB, the state machines that
 * `cdk synth` produces run by the local engine, SES v2 into an outbox, the HTTP API's
 * routes calling the real handlers, an OpenID Connect provider, an advanceable clock, and the console.
 * The handlers reach each service through their unchanged SDK clients.
 */
export async function startEmbeddedRuntime(options: EmbeddedRuntimeOptions = {}): Promise<EmbeddedRuntime> {
  const dataDir = options.dataDir ? resolve(options.dataDir) : undefined;
  const inData = (name: string) => (dataDir ? join(dataDir, name) : undefined);
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer();
  };

  try {
    let lambdas: LambdaHost | undefined;
    const loadedFunctions = () => {
      if (!lambdas) throw new Error('Functions are not loaded yet');
      return lambdas;
    };
    const invokeFunction = (functionArn: string, payload: unknown) =>
      loadedFunctions().invoke(functionArn, payload);
    const engine = new LocalStepFunctions({
      ...(dataDir && options.enginePersistence !== false ? { dataDir: join(dataDir, 'engine') } : {}),
      now,
      invokeLambda: (functionArn, payload) => loadedFunctions().invokeForTask(functionArn, payload),
    });
    const scheduler = new LocalScheduler(
      inData('schedules.jsonl'),
      async (targetArn, input) => {
        const result = targetArn.includes(':states:')
          ? await engine.startExecution({ stateMachineArn: targetArn, input: JSON.stringify(input) })
          : await invokeFunction(targetArn, input);
        // A clock jump replays occurrences that are hours or days apart on AWS: let the executions
        // this one started take their steps before the next occurrence reads what they record.
        await engine.idle();
        return result;
      },
      now,
    );
    // A clock jump runs what fell due: waits and timeouts, then schedules (which may start executions).
    const clock = new LocalClock(inData('clock.json'), async () => {
      await engine.fireDueTimers();
      await scheduler.fireDue();
      await engine.fireDueTimers();
    });
    await clock.load();

    const dynamo = await startLocalDynamo(inData('dynamodb'));
    closers.push(() => dynamo.close());
    const outbox = new Outbox(inData('outbox.jsonl'));
    await outbox.load();
    const sesEndpoint = await outbox.listen();
    closers.push(() => outbox.close());
    const sfn = await startSfnServer(engine);
    closers.push(() => sfn.close());
    await scheduler.load();
    const schedulerEndpoint = await scheduler.listen();
    closers.push(() => scheduler.close());

    // The handlers' SDK clients read these when they first send.
    Object.assign(process.env, {
      AWS_REGION: localRegion,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_SFN: sfn.url,
      AWS_ENDPOINT_URL_SESV2: sesEndpoint,
      AWS_ENDPOINT_URL_SCHEDULER: schedulerEndpoint,
    });
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;

    const accounts = await LocalAccounts.open(inData('identity/accounts.jsonl'));
    const consoleSite = await consoleSiteForStart();
    const consoleDirectory = consoleSite.directory;
    const cachedTemplate = await templateForStart();
    const resolver = new TemplateResolver(cachedTemplate.template);
    await createTemplateTables(dynamoClientFor(dynamo.endpoint), resolver);

    const functions = new LambdaHost(resolver, repositoryRoot);
    lambdas = functions;
    let ready = false;
    // The identity provider's issuer is the runtime's own address, known once it listens.
    let identityProvider: LocalIdentityProvider | undefined;
    let consoleConfig: ConsoleConfig | undefined;
    const api = new LocalHttpApi({
      resolver,
      lambdas: functions,
      verifyToken: async (authorization) => identityProvider?.verify(authorization),
      consoleDirectory,
      localRoutes: localRoutes({
        consoleConfig: () => {
          if (!consoleConfig) throw new Error('The identity provider is not up yet');
          return consoleConfig;
        },
        outbox,
        clock,
        engine,
        scheduler,
      }),
      isReady: () => ready,
    });
    // Listen before the engine resumes anything, so emails can link to the console's real address.
    const url = await api.listen(options.port ?? 3000, options.host ?? '127.0.0.1');
    closers.push(() => api.close());
    // The buckets' CORS rules name the console, so the store starts once its origin is known, and
    // before any function runs: the handlers' S3 client and the console's uploads both reach it.
    const objectStore = new LocalObjectStore(inData('s3'), localBuckets(resolver, new URL(url).origin));
    const s3Endpoint = await objectStore.listen();
    closers.push(() => objectStore.close());
    process.env.AWS_ENDPOINT_URL_S3 = s3Endpoint;
    // The console's pages upload straight to it, as they do to S3 deployed.
    api.allowConnectionsTo(s3Endpoint);
    identityProvider = await LocalIdentityProvider.start({
      baseUrl: url,
      accounts,
      dataDirectory: dataDir,
    });
    api.mount(identityProvider);
    consoleConfig = {
      apiUrl: '',
      signIn: {
        kind: 'oidc',
        issuer: identityProvider.issuer,
        authorizationEndpoint: `${identityProvider.issuer}/auth`,
        tokenEndpoint: `${identityProvider.issuer}/token`,
        endSessionEndpoint: `${identityProvider.issuer}/session/end`,
        clientId: consoleClientId,
        redirectUri: `${url}/`,
        scopes: ['openid', 'email'],
        secondFactorAcrValues: secondFactorAcr,
      },
    };
    // Invitations are the embedded provider's accounts and the outbox, not a Cognito pool.
    functions.applyEnvironment({
      CONSOLE_URL: url,
      IDENTITY_DIRECTORY: 'embedded',
      // The template is a Cognito deployment's, which asks the pool; the embedded provider's tokens say it in `amr`.
      SECOND_FACTOR_EVIDENCE: 'amr',
      LOCAL_IDENTITY_ADMIN_URL: `${identityProvider.issuer}/admin`,
      LOCAL_IDENTITY_ADMIN_KEY: identityProvider.adminKey,
    });
    const smtpEndpoints = options.email === 'smtp' ? await sendEmailBySmtp(outbox, closers) : {};
    // The bureau's first admins, and the demo people, sign in with the demo password.
    const admins = bureauAdminEmails();
    const demo = options.demoPeople === false ? [] : demoPeople;
    for (const email of [...admins, ...demo.map((person) => person.email)]) {
      await accounts.ensureWithPassword(email, demoPassword());
    }
    await seedAdmins(admins);
    await seedDemoMembers(demo.filter((person) => person.roles.length > 0));
    await withValidatedDefinitions(() => {
      for (const [logicalId, resource] of resolver.resourcesOfType('AWS::StepFunctions::StateMachine')) {
        const definition = JSON.parse(String(resolver.resolve(resource.Properties?.DefinitionString)));
        engine.registerStateMachine({
          stateMachineArn: localArn(resource.Type, logicalId),
          name: logicalId,
          definition,
        });
      }
    });
    for (const [logicalId, resource] of resolver.resourcesOfType('AWS::Scheduler::Schedule')) {
      const properties = resolver.resolve(resource.Properties) as {
        GroupName?: string;
        ScheduleExpression: string;
        ScheduleExpressionTimezone?: string;
        Target: {
          Arn: string;
          Input?: string;
          RetryPolicy?: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };
          DeadLetterConfig?: { Arn?: string };
        };
      };
      const { RetryPolicy: retryPolicy, DeadLetterConfig: deadLetter } = properties.Target;
      await scheduler.registerRecurring({
        name: logicalId,
        group: properties.GroupName ?? 'default',
        expression: properties.ScheduleExpression,
        timeZone: properties.ScheduleExpressionTimezone ?? 'UTC',
        targetArn: properties.Target.Arn,
        input: properties.Target.Input ?? '{}',
        ...(retryPolicy ? { retryPolicy } : {}),
        ...(deadLetter?.Arn ? { deadLetterArn: deadLetter.Arn } : {}),
      });
    }
    await engine.start();
    engine.startTicker(1000);
    const schedulerTicker = setInterval(() => void scheduler.fireDue(), 1000);
    schedulerTicker.unref();
    closers.push(async () => clearInterval(schedulerTicker));
    closers.push(() => engine.close());
    ready = true;
    return {
      url,
      endpoints: {
        region: localRegion,
        dynamoDb: dynamo.endpoint,
        stepFunctions: sfn.url,
        api: url,
        console: `${url}/`,
        oidcIssuer: identityProvider.issuer,
        s3: s3Endpoint,
        ...smtpEndpoints,
      },
      reused: { template: cachedTemplate.reused, console: consoleSite.reused },
      engine,
      outbox,
      dynamoThreadMemory: () => dynamo.memory(),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Points the functions at a local SMTP server that delivers into the outbox, its settings in a
 * local Secrets Manager as a China deployment keeps them. Called once the template's environment
 * is applied: the sender is its EMAIL_FROM.
 */
async function sendEmailBySmtp(
  outbox: Outbox,
  closers: (() => Promise<void>)[],
): Promise<{ smtp: string; secretsManager: string }> {
  const inbox = await SmtpInbox.start(outbox, requireEnv('EMAIL_FROM'));
  closers.push(() => inbox.close());
  const secrets = new LocalSecrets(localRegion);
  const secretsEndpoint = await secrets.listen();
  closers.push(() => secrets.close());
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsEndpoint,
    EMAIL_TRANSPORT: 'smtp',
    SMTP_SECRET_ARN: secrets.put('commissioner-workflows/smtp', JSON.stringify(inbox.settings)),
  });
  return { smtp: `smtps://${inbox.settings.host}:${inbox.settings.port}`, secretsManager: secretsEndpoint };
}
