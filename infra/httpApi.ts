import { Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { SignIn } from '#infra/auth.ts';
import type { Email } from '#infra/email.ts';
import type { EvidenceFiles } from '#infra/evidenceFiles.ts';
import type { Scheduling } from '#infra/scheduling.ts';
import { StageGrants } from '#infra/stageGrants.ts';
import type { Tables } from '#infra/tables.ts';
import { TeamFunction } from '#infra/teamFunction.ts';
import { type HttpStage, stageThrottle, type Throttle } from '#shared/api/routeSpec.ts';
import { type HttpRouteName, routes as routeTable, type StagedRoute } from '#shared/api/routes.ts';
import { claimMappingVariables } from '#shared/signIn/claimMapping.ts';

export interface HttpApiProps {
  /** @default the route table, `shared/api/routes.ts` */
  readonly routes?: readonly StagedRoute[];
  readonly tables: Tables;
  /** Whose tokens the API takes, and which of their claims carry the verified email. */
  readonly signIn: SignIn;
  /** For the invitations the system sends itself (an external provider's people). */
  readonly email: Email;
  readonly workflows: {
    readonly application: sfn.IStateMachine;
    readonly demand: sfn.IStateMachine;
    readonly dispatch: sfn.IStateMachine;
    readonly agreement: sfn.IStateMachine;
    readonly report: sfn.IStateMachine;
    readonly assessment: sfn.IStateMachine;
    readonly assessmentOpening: sfn.IStateMachine;
    readonly programmeImport: sfn.IStateMachine;
    readonly commendation: sfn.IStateMachine;
  };
  /** Where the file routes keep evidence files. */
  readonly evidenceFiles: EvidenceFiles;
  /** For the routes that reschedule report periods. */
  readonly scheduling: Scheduling;
  /** The only origin the API's CORS allows; invitations link to it. */
  readonly consoleOrigin: string;
  /** Whether the route functions send X-Ray traces (`TeamFunctionProps.tracing`; off in the China regions). */
  readonly functionTracing: boolean;
}

const stageRouteSettings = (throttle: Throttle) => ({
  throttlingRateLimit: throttle.ratePerSecond,
  throttlingBurstLimit: throttle.burst,
});

/** `routeSettings` is plain JSON to CDK, so it is written in CloudFormation's own spelling. */
const cfnRouteSettings = (throttle: Throttle) => ({
  ThrottlingRateLimit: throttle.ratePerSecond,
  ThrottlingBurstLimit: throttle.burst,
});

/**
 * The HTTP API: every route of `shared/api/routes.ts`, served by its stage's one function,
 * a JWT authorizer (the sign-in provider's issuer and the console's client as audience) on all
 * but the public ones, CORS for the console only, access
 * logs, and throttling: every route its own bucket, lower on the routes anyone may call
 * (HTTP APIs take no WAF, so this is their flood guard).
 */
export class HttpApi extends Construct {
  readonly api: apigw.HttpApi;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    const routes = props.routes ?? routeTable;
    this.api = new apigw.HttpApi(this, 'Api', {
      corsPreflight: {
        allowOrigins: [props.consoleOrigin],
        allowMethods: [apigw.CorsHttpMethod.GET, apigw.CorsHttpMethod.POST, apigw.CorsHttpMethod.PUT],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'if-match'],
      },
      createDefaultStage: false,
    });
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.ONE_YEAR });
    const stage = new apigw.CfnStage(this, 'DefaultStage', {
      apiId: this.api.apiId,
      stageName: '$default',
      autoDeploy: true,
      defaultRouteSettings: stageRouteSettings(stageThrottle),
      routeSettings: Object.fromEntries(
        routes.flatMap((route) =>
          route.throttle ? [[`${route.method} ${route.path}`, cfnRouteSettings(route.throttle)]] : [],
        ),
      ),
      accessLogSettings: {
        destinationArn: accessLogs.logGroupArn,
        format: JSON.stringify({
          requestId: '$context.requestId',
          ip: '$context.identity.sourceIp',
          routeKey: '$context.routeKey',
          status: '$context.status',
          latency: '$context.responseLatency',
          user: '$context.authorizer.claims.sub',
        }),
      },
    });
    stage.node.addDependency(accessLogs);

    const authorizer = new HttpJwtAuthorizer('SignIn', props.signIn.issuer, {
      jwtAudience: [props.signIn.audience],
    });
    const stageFunctions = new Map<HttpStage, TeamFunction>();
    for (const route of routes) {
      let fn = stageFunctions.get(route.stage);
      if (!fn) {
        fn = this.stageFunction(
          route.stage,
          routes.filter((other) => other.stage === route.stage),
          props,
        );
        stageFunctions.set(route.stage, fn);
      }
      const [added] = this.api.addRoutes({
        path: route.path,
        methods: [apigw.HttpMethod[route.method]],
        integration: this.integrationOf(fn),
        ...(route.access === 'public' ? {} : { authorizer }),
      });
      // A stage's route settings name routes that must exist first.
      if (added && route.throttle) stage.node.addDependency(added);
      if (added && route.access === 'public') {
        Validations.of(added).acknowledge({
          id: 'AwsSolutions::AwsSolutions-APIG4',
          reason: `${route.method} ${route.path} is public by design: it reveals no programme data`,
        });
      }
    }
  }

  private readonly integrations = new Map<TeamFunction, HttpLambdaIntegration>();

  /**
   * One integration per function, and one permission for API Gateway to invoke it from this API
   * (any of its routes: the function answers 404 to a route that is not its stage's), so a new
   * route costs the stack one resource, its Route.
   */
  private integrationOf(fn: TeamFunction): HttpLambdaIntegration {
    let integration = this.integrations.get(fn);
    if (!integration) {
      integration = new HttpLambdaIntegration(`${fn.node.id}Integration`, fn.function, {
        scopePermissionToRoute: false,
      });
      this.integrations.set(fn, integration);
    }
    return integration;
  }

  /** A stage's one function, granted the union of what its routes touch. */
  private stageFunction(
    name: HttpStage,
    stageRoutes: readonly StagedRoute[],
    props: HttpApiProps,
  ): TeamFunction {
    const fn = new TeamFunction(this, `${name}Routes`, {
      entry: `functions/http/${name}.ts`,
      tracing: props.functionTracing,
    });
    const grants = new StageGrants();
    // Every signed-in request reads its caller's membership before the handler runs.
    if (stageRoutes.some((route) => route.access !== 'public')) {
      grants
        .useTable('MEMBERSHIP_TABLE', props.tables.membershipTable, 'read')
        .setEnvironment(claimMappingVariables.email, props.signIn.claims.email)
        .setEnvironment(claimMappingVariables.emailVerified, props.signIn.claims.emailVerified);
      this.useSecondFactorEvidence(grants, props);
    }
    for (const route of stageRoutes) this.grant(route.handler as HttpRouteName, grants, props);
    grants.applyTo(fn, props.scheduling);
    return fn;
  }

  /** Exactly what each route touches. */
  private grant(name: HttpRouteName, fn: StageGrants, props: HttpApiProps): void {
    const {
      applicationTable,
      taskTable,
      demandTable,
      dispatchTable,
      commissionerTable,
      agreementTable,
      reportTable,
      assessmentTable,
      settingsTable,
      commendationTable,
      panelScoreTable,
      quotaTable,
      membershipTable,
      fileTable,
      importTable,
    } = props.tables;
    const { workflows } = props;
    switch (name) {
      case 'getMe':
        // The console's first call after signing in: with an external provider it binds the
        // bureau's invitation of the person's address to their subject, the only writer to do so.
        if (props.signIn.directory.kind === 'external') {
          fn.useTable('MEMBERSHIP_TABLE', membershipTable, 'readWrite').setEnvironment(
            'BIND_INVITATIONS',
            'true',
          );
        }
        return;
      case 'getHealth':
      case 'getOpenApi':
      // Their membership reads are granted with every signed-in route's.
      case 'listPeople':
      case 'getPeopleMember':
      case 'getImportTemplate':
        return;
      case 'setEmailLanguage':
        // Kept in the membership table, which every function that sends email reads.
        fn.useTable('MEMBERSHIP_TABLE', membershipTable, 'readWrite');
        return;
      case 'changePeopleMember':
        fn.useTable('MEMBERSHIP_TABLE', membershipTable, 'readWrite');
        return;
      case 'invitePeopleMember':
        fn.useTable('MEMBERSHIP_TABLE', membershipTable, 'readWrite');
        this.useDirectory(fn, props, ['cognito-idp:AdminCreateUser', 'cognito-idp:AdminGetUser']);
        return;
      case 'disablePeopleMember':
        fn.useTable('MEMBERSHIP_TABLE', membershipTable, 'readWrite');
        this.useDirectory(fn, props, ['cognito-idp:AdminDisableUser']);
        return;
      case 'enablePeopleMember':
        fn.useTable('MEMBERSHIP_TABLE', membershipTable, 'readWrite');
        this.useDirectory(fn, props, ['cognito-idp:AdminEnableUser']);
        return;
      case 'submitApplication':
        fn.useTable('APPLICATION_TABLE', applicationTable, 'readWrite')
          .useTable('QUOTA_TABLE', quotaTable, 'readWrite')
          .useStateMachine('APPLICATION_WORKFLOW_ARN', workflows.application, ['start']);
        return;
      case 'listApplications':
      case 'getApplication':
        fn.useTable('APPLICATION_TABLE', applicationTable, 'read');
        return;
      case 'resubmitApplication':
        fn.useTable('APPLICATION_TABLE', applicationTable, 'read')
          .useTable('TASK_TABLE', taskTable, 'readWrite')
          .useStateMachine('APPLICATION_WORKFLOW_ARN', workflows.application, ['taskResponse']);
        return;
      case 'listTasks':
      case 'getTask':
        fn.useTable('TASK_TABLE', taskTable, 'read');
        return;
      case 'completeTask':
        fn.useTable('TASK_TABLE', taskTable, 'readWrite')
          .useStateMachine('APPLICATION_WORKFLOW_ARN', workflows.application, ['taskResponse'])
          .useStateMachine('DEMAND_WORKFLOW_ARN', workflows.demand, ['taskResponse'])
          .useStateMachine('DISPATCH_WORKFLOW_ARN', workflows.dispatch, ['taskResponse'])
          .useStateMachine('AGREEMENT_WORKFLOW_ARN', workflows.agreement, ['taskResponse'])
          .useStateMachine('REPORT_WORKFLOW_ARN', workflows.report, ['taskResponse'])
          .useStateMachine('ASSESSMENT_WORKFLOW_ARN', workflows.assessment, ['taskResponse'])
          .useStateMachine('COMMENDATION_WORKFLOW_ARN', workflows.commendation, ['taskResponse']);
        return;
      case 'postDemand':
        fn.useTable('DEMAND_TABLE', demandTable, 'readWrite').useStateMachine(
          'DEMAND_WORKFLOW_ARN',
          workflows.demand,
          ['start'],
        );
        return;
      case 'listDemands':
      case 'getDemand':
        fn.useTable('DEMAND_TABLE', demandTable, 'read');
        return;
      case 'resubmitDemand':
        fn.useTable('DEMAND_TABLE', demandTable, 'read')
          .useTable('TASK_TABLE', taskTable, 'readWrite')
          .useStateMachine('DEMAND_WORKFLOW_ARN', workflows.demand, ['taskResponse']);
        return;
      case 'listCandidates':
        fn.useTable('DEMAND_TABLE', demandTable, 'read')
          .useTable('COMMISSIONER_TABLE', commissionerTable, 'readAll')
          .useTable('DISPATCH_TABLE', dispatchTable, 'read');
        return;
      case 'proposeDispatch':
        fn.useTable('DEMAND_TABLE', demandTable, 'readWrite')
          .useTable('COMMISSIONER_TABLE', commissionerTable, 'read')
          .useTable('DISPATCH_TABLE', dispatchTable, 'readWrite')
          .useStateMachine('DISPATCH_WORKFLOW_ARN', workflows.dispatch, ['start']);
        return;
      case 'listDispatches':
      case 'getDispatch':
      case 'listObjections':
        fn.useTable('DISPATCH_TABLE', dispatchTable, 'read');
        return;
      case 'fileObjection':
        fn.useTable('DISPATCH_TABLE', dispatchTable, 'readWrite').useTable(
          'QUOTA_TABLE',
          quotaTable,
          'readWrite',
        );
        return;
      case 'draftAgreement':
        fn.useTable('DISPATCH_TABLE', dispatchTable, 'read')
          .useTable('AGREEMENT_TABLE', agreementTable, 'readWrite')
          .useStateMachine('AGREEMENT_WORKFLOW_ARN', workflows.agreement, ['start']);
        return;
      case 'listAgreements':
        fn.useTable('AGREEMENT_TABLE', agreementTable, 'read');
        return;
      case 'getAgreement':
        fn.useTable('AGREEMENT_TABLE', agreementTable, 'read').useTable('REPORT_TABLE', reportTable, 'read');
        return;
      case 'changeCadence':
        // A new period that starts today opens at once, as its schedule would.
        fn.useTable('AGREEMENT_TABLE', agreementTable, 'readWrite')
          .useTable('REPORT_TABLE', reportTable, 'readWrite')
          .useStateMachine('REPORT_WORKFLOW_ARN', workflows.report, ['start']);
        fn.schedules();
        return;
      case 'listReports':
        fn.useTable('AGREEMENT_TABLE', agreementTable, 'read').useTable('REPORT_TABLE', reportTable, 'read');
        return;
      case 'waivePeriod':
        // Withdraws the period's opening and tells the commissioner.
        fn.useTable('REPORT_TABLE', reportTable, 'readWrite').unschedules();
        this.sendsEmail(fn, props);
        return;
      case 'getReport':
      case 'compareReportVersions':
        fn.useTable('REPORT_TABLE', reportTable, 'read');
        return;
      case 'openAssessments':
        fn.useTable('SETTINGS_TABLE', settingsTable, 'readWrite').useStateMachine(
          'ASSESSMENT_OPENING_WORKFLOW_ARN',
          workflows.assessmentOpening,
          ['start'],
        );
        return;
      case 'getAssessmentOpening':
        fn.useTable('SETTINGS_TABLE', settingsTable, 'read');
        return;
      case 'listAssessments':
      case 'getAssessment':
        fn.useTable('ASSESSMENT_TABLE', assessmentTable, 'read');
        return;
      case 'rateCommissioner':
        fn.useTable('ASSESSMENT_TABLE', assessmentTable, 'read')
          .useTable('TASK_TABLE', taskTable, 'readWrite')
          .useStateMachine('ASSESSMENT_WORKFLOW_ARN', workflows.assessment, ['taskResponse']);
        return;
      case 'getRubric':
        fn.useTable('SETTINGS_TABLE', settingsTable, 'read');
        return;
      case 'putRubric':
        fn.useTable('SETTINGS_TABLE', settingsTable, 'readWrite');
        return;
      case 'openCommendationRound':
        fn.useTable('ASSESSMENT_TABLE', assessmentTable, 'read').useTable(
          'COMMENDATION_TABLE',
          commendationTable,
          'readWrite',
        );
        return;
      case 'listCommendationRounds':
      case 'getPublishedCommendations':
        fn.useTable('COMMENDATION_TABLE', commendationTable, 'read');
        return;
      case 'getCommendationRound':
        fn.useTable('COMMENDATION_TABLE', commendationTable, 'read').useTable(
          'PANEL_SCORE_TABLE',
          panelScoreTable,
          'read',
        );
        return;
      case 'nominateForCommendation':
        fn.useTable('ASSESSMENT_TABLE', assessmentTable, 'read').useTable(
          'COMMENDATION_TABLE',
          commendationTable,
          'readWrite',
        );
        return;
      case 'assignCommendationPanel':
        fn.useTable('COMMENDATION_TABLE', commendationTable, 'readWrite');
        return;
      case 'startCommendationScoring':
        fn.useTable('COMMENDATION_TABLE', commendationTable, 'read').useStateMachine(
          'COMMENDATION_WORKFLOW_ARN',
          workflows.commendation,
          ['start'],
        );
        return;
      case 'scoreCommendationNominee':
        fn.useTable('COMMENDATION_TABLE', commendationTable, 'readWrite')
          .useTable('PANEL_SCORE_TABLE', panelScoreTable, 'readWrite')
          .useTable('TASK_TABLE', taskTable, 'readWrite')
          .useStateMachine('COMMENDATION_WORKFLOW_ARN', workflows.commendation, ['taskResponse']);
        return;
      case 'getStats':
      case 'getStatsCsv':
      case 'getStatsWorkbook':
        fn.useTable('REPORT_TABLE', reportTable, 'read');
        return;
      case 'requestFileUpload':
      case 'getFileDownload':
      case 'listFiles':
        // Whoever may read the record reads its files: the record is read to know.
        fn.useTable('FILE_TABLE', fileTable, name === 'requestFileUpload' ? 'readWrite' : 'read')
          .useTable('REPORT_TABLE', reportTable, 'read')
          .useTable('APPLICATION_TABLE', applicationTable, 'read')
          .useTable('AGREEMENT_TABLE', agreementTable, 'read');
        if (name !== 'listFiles') fn.useEvidenceFiles(props.evidenceFiles);
        return;
      case 'checkFileUpload':
        fn.useTable('FILE_TABLE', fileTable, 'readWrite').useEvidenceFiles(props.evidenceFiles);
        return;
      case 'submitReport':
        // Writes the version's own item before completing the task; its files are read to list them.
        fn.useTable('FILE_TABLE', fileTable, 'read')
          .useTable('REPORT_TABLE', reportTable, 'readWrite')
          .useTable('TASK_TABLE', taskTable, 'readWrite')
          .useStateMachine('REPORT_WORKFLOW_ARN', workflows.report, ['taskResponse']);
        return;
      case 'requestImportUpload':
        fn.useTable('IMPORT_TABLE', importTable, 'readWrite').useImportWorkbooks(props.evidenceFiles);
        return;
      case 'checkImport':
        fn.useTable('IMPORT_TABLE', importTable, 'readWrite')
          .useImportWorkbooks(props.evidenceFiles)
          .useStateMachine('IMPORT_WORKFLOW_ARN', workflows.programmeImport, ['start']);
        return;
      case 'confirmImport':
        fn.useTable('IMPORT_TABLE', importTable, 'readWrite').useStateMachine(
          'IMPORT_WORKFLOW_ARN',
          workflows.programmeImport,
          ['taskResponse'],
        );
        return;
      case 'getImport':
      case 'listImportProblems':
      case 'listImports':
        fn.useTable('IMPORT_TABLE', importTable, 'read');
        return;
      default:
        // A route of the table with no case here fails to compile: say what it touches.
        name satisfies never;
    }
  }

  /** Sends email once each (the email log) in its recipients' language, with links into the console. */
  private sendsEmail(fn: StageGrants, props: HttpApiProps): void {
    fn.setEnvironment('CONSOLE_URL', props.consoleOrigin)
      .useTable('EMAIL_LOG_TABLE', props.tables.emailLogTable, 'readWrite')
      .useTable('MEMBERSHIP_TABLE', props.tables.membershipTable, 'read')
      .useEmail(props.email);
  }

  /**
   * The People functions manage Cognito's users: only these actions, only on this pool. An
   * external provider's accounts are the bureau's own to manage, so the system only emails the
   * invitation (to the console) itself.
   */
  private useDirectory(fn: StageGrants, props: HttpApiProps, cognitoActions: readonly string[]): void {
    const { directory } = props.signIn;
    if (directory.kind === 'external') {
      this.sendsEmail(fn.setEnvironment('IDENTITY_DIRECTORY', 'external'), props);
      return;
    }
    fn.setEnvironment('IDENTITY_DIRECTORY', 'cognito').setEnvironment(
      'USER_POOL_ID',
      directory.userPool.userPoolId,
    );
    fn.useUserPool(directory.userPool.userPoolArn, cognitoActions);
  }

  /**
   * A Cognito deployment learns of a bureau or panel member's second factor from the pool (the
   * user has TOTP on: AdminGetUser, on this pool only); an OpenID Connect provider's tokens say
   * it in `amr`, the default.
   */
  private useSecondFactorEvidence(fn: StageGrants, props: HttpApiProps): void {
    const { directory } = props.signIn;
    if (directory.kind !== 'cognito') return;
    fn.setEnvironment('SECOND_FACTOR_EVIDENCE', 'cognito-totp').setEnvironment(
      'USER_POOL_ID',
      directory.userPool.userPoolId,
    );
    fn.useUserPool(directory.userPool.userPoolArn, ['cognito-idp:AdminGetUser']);
  }

  get url(): string {
    return this.api.apiEndpoint;
  }
}
