import { CfnOutput, Duration, Stack, type StackProps, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { Auth, externalSignIn, type SignIn } from '#infra/auth.ts';
import { ConsoleHosting } from '#infra/consoleHosting.ts';
import { type ConsoleDomain, chooseDeployment, type DeploymentProfile } from '#infra/deploymentProfile.ts';
import { Email } from '#infra/email.ts';
import { EvidenceFiles } from '#infra/evidenceFiles.ts';
import { HttpApi } from '#infra/httpApi.ts';
import { Operations } from '#infra/operations.ts';
import { Scheduling } from '#infra/scheduling.ts';
import { emailing, humanTasks, StageWorkflow, stageFunction } from '#infra/stageWorkflow.ts';
import { Tables } from '#infra/tables.ts';
import type { StagedRoute } from '#shared/api/routes.ts';
import type { EmailTransport } from '#shared/config.ts';
import { type IdentityProvider, identityProviderFrom } from '#shared/signIn/identityProvider.ts';
import { agreementDefinition } from '#workflows/agreement.ts';
import {
  type ApplicationReviewDeadlines,
  applicationReviewDefinition,
} from '#workflows/applicationReview.ts';
import { type AssessmentDeadlines, assessmentDefinition } from '#workflows/assessment.ts';
import { assessmentYearOpeningDefinition } from '#workflows/assessmentYearOpening.ts';
import {
  type CommendationRoundDeadlines,
  commendationRoundDefinition,
} from '#workflows/commendationRound.ts';
import { dailyRemindersDefinition } from '#workflows/dailyReminders.ts';
import { demandVerificationDefinition } from '#workflows/demandVerification.ts';
import { type DispatchDeadlines, dispatchDefinition } from '#workflows/dispatch.ts';
import { programmeImportDefinition } from '#workflows/programmeImport.ts';
import { type ReportReviewDeadlines, reportReviewDefinition } from '#workflows/reportReview.ts';

export interface CommissionerStackProps extends StackProps {
  /** The built console to host. */
  readonly consoleSiteDirectory: string;
  /** The verified SES domain the system sends from. */
  readonly emailDomain: string;
  /**
   * Which services the stack is built from where a Region lacks some (`infra/deploymentProfile.ts`):
   * `standard` or `china`. @default the CDK context's `profile`, else `china` in a `cn-` Region,
   * else `standard`
   */
  readonly profile?: DeploymentProfile;
  /**
   * How email leaves: SES, or an SMTP account in a Secrets Manager secret where SES does not exist
   * (the China regions). @default the CDK context's `emailTransport`, else the profile's (ses; smtp in China)
   */
  readonly emailTransport?: EmailTransport;
  /**
   * The console's own host name and IAM server certificate id, which CloudFront in China requires.
   * @default the CDK context's `consoleDomain` and `consoleCertificateId`, else none
   */
  readonly consoleDomain?: ConsoleDomain;
  /** The bureau's mailbox for escalations and faults. */
  readonly bureauEmail: string;
  /**
   * Who people sign in with. @default the CDK context's `identityProvider` (validated here, so a
   * wrong setting stops synthesis naming its field), or else the stack's own Cognito user pool
   */
  readonly identityProvider?: IdentityProvider;
  /** Cognito's sign-in domain. @default `commissioner-<account id>` */
  readonly signInDomainPrefix?: string;
  /** @default the workflow's own defaults */
  readonly applicationDeadlines?: ApplicationReviewDeadlines;
  /** @default the workflow's own defaults */
  readonly dispatchDeadlines?: DispatchDeadlines;
  /** @default the workflow's own defaults */
  readonly reportDeadlines?: ReportReviewDeadlines;
  /** @default the workflow's own defaults */
  readonly assessmentDeadlines?: AssessmentDeadlines;
  /** @default the workflow's own defaults */
  readonly commendationDeadlines?: CommendationRoundDeadlines;
  /** Days before a report's due date its commissioner is reminded on. @default [7, 1, 0] */
  readonly reminderDaysBefore?: readonly number[];
  /** Days after its due date an unsubmitted report falls overdue. @default 14 */
  readonly overdueAfterDays?: number;
  /** Subscribed by email to the operators' alarms. @default no subscription */
  readonly operatorEmail?: string;
  /** The API's routes. @default the route table, `shared/api/routes.ts` */
  readonly routes?: readonly StagedRoute[];
}

/** Everything Commissioner Workflows runs on in AWS, composed from one construct per concern. */
export class CommissionerStack extends Stack {
  constructor(scope: Construct, id: string, props: CommissionerStackProps) {
    super(scope, id, props);
    const tables = new Tables(this, 'Tables');
    const operations = new Operations(this, 'Operations', {
      ...(props.operatorEmail ? { operatorEmail: props.operatorEmail } : {}),
    });
    const context = (key: string) => this.node.tryGetContext(key) as unknown;
    const provider = props.identityProvider ?? identityProviderFrom(context('identityProvider'));
    const deployment = chooseDeployment({
      profile: props.profile ?? context('profile'),
      ...(Token.isUnresolved(this.region) ? {} : { region: this.region }),
      identityProvider: provider,
      emailTransport: props.emailTransport ?? context('emailTransport'),
      consoleDomain: props.consoleDomain?.domainName ?? context('consoleDomain'),
      consoleCertificateId: props.consoleDomain?.iamCertificateId ?? context('consoleCertificateId'),
    });
    const consoleHosting = new ConsoleHosting(this, 'Console', {
      siteDirectory: props.consoleSiteDirectory,
      cdn: deployment.consoleCdn,
      ...(deployment.consoleDomain ? { domain: deployment.consoleDomain } : {}),
    });
    // With another provider no user pool exists: its accounts are the bureau's own.
    let auth: Auth | undefined;
    let signIn: SignIn;
    if (provider.kind === 'oidc') {
      signIn = externalSignIn(provider, consoleHosting.url);
    } else {
      auth = new Auth(this, 'Auth', {
        consoleUrl: consoleHosting.url,
        ...(props.signInDomainPrefix ? { signInDomainPrefix: props.signInDomainPrefix } : {}),
      });
      signIn = auth.signIn();
    }
    const email = new Email(this, 'Email', {
      domain: props.emailDomain,
      transport: deployment.emailTransport,
    });
    const environment = {
      tables,
      email,
      consoleUrl: consoleHosting.url,
      bureauEmail: props.bureauEmail,
      functionTracing: deployment.functionTracing,
    };
    const applicationWorkflow = new StageWorkflow(this, 'ApplicationWorkflow', {
      description: 'commissioner application',
      entry: 'functions/workflow/application.ts',
      environment,
      grant: (fn) =>
        humanTasks(fn, environment)
          .useTable('APPLICATION_TABLE', tables.applicationTable, 'readWrite')
          .useTable('COMMISSIONER_TABLE', tables.commissionerTable, 'readWrite'),
      definition: (scope, taskFunction) =>
        applicationReviewDefinition(scope, taskFunction, props.applicationDeadlines),
    });

    const demandWorkflow = new StageWorkflow(this, 'DemandWorkflow', {
      description: 'enterprise demand',
      entry: 'functions/workflow/demand.ts',
      environment,
      grant: (fn) => humanTasks(fn, environment).useTable('DEMAND_TABLE', tables.demandTable, 'readWrite'),
      definition: demandVerificationDefinition,
    });

    const dispatchWorkflow = new StageWorkflow(this, 'DispatchWorkflow', {
      description: 'dispatch',
      entry: 'functions/workflow/dispatch.ts',
      environment,
      // Completing a dispatch, or sending its demand back to matching, writes the demand and the commissioner.
      grant: (fn) =>
        humanTasks(fn, environment)
          .useTable('DISPATCH_TABLE', tables.dispatchTable, 'readWrite')
          .useTable('DEMAND_TABLE', tables.demandTable, 'readWrite')
          .useTable('COMMISSIONER_TABLE', tables.commissionerTable, 'readWrite'),
      definition: (scope, taskFunction) => dispatchDefinition(scope, taskFunction, props.dispatchDeadlines),
    });

    const reportWorkflow = new StageWorkflow(this, 'ReportWorkflow', {
      description: 'report period',
      entry: 'functions/workflow/report.ts',
      environment,
      grant: (fn) => humanTasks(fn, environment).useTable('REPORT_TABLE', tables.reportTable, 'readWrite'),
      definition: (scope, taskFunction) => reportReviewDefinition(scope, taskFunction, props.reportDeadlines),
    });
    // The handover starts its own state machine's next execution. Granted in a policy of its
    // own: in the function's default policy it would be a cycle (the function waits for that
    // policy, the policy for the state machine, the state machine for the function).
    const reportTaskRole = reportWorkflow.taskFunction.function.role;
    if (!reportTaskRole) throw new Error('The report task function has no role');
    new iam.Policy(this, 'ReportHandOverStartsExecutions', {
      roles: [reportTaskRole],
      statements: [
        new iam.PolicyStatement({
          actions: ['states:StartExecution'],
          resources: [reportWorkflow.stateMachine.stateMachineArn],
        }),
      ],
    });

    const openReportPeriod = stageFunction(
      this,
      'OpenReportPeriod',
      { entry: 'functions/scheduled/openReportPeriod.ts' },
      environment,
    )
      .useTable('REPORT_TABLE', tables.reportTable, 'read')
      .useStateMachine('REPORT_WORKFLOW_ARN', reportWorkflow.stateMachine, ['start']);
    // The day's reminders page by page, outside any one invocation's time limit.
    const reminderWorkflow = new StageWorkflow(this, 'DailyReminderWorkflow', {
      description: 'daily reminder',
      entry: 'functions/workflow/dailyReminders.ts',
      // A page's hundred reminders take a few seconds in AWS; the margin covers a slow SES or
      // table, and a page that still times out is retried without sending anything twice.
      timeout: Duration.seconds(60),
      environment,
      grant: (fn) =>
        emailing(fn, environment)
          .useTable('REPORT_TABLE', tables.reportTable, 'read')
          .useTable('TASK_TABLE', tables.taskTable, 'read'),
      definition: dailyRemindersDefinition,
    });
    const scheduling = new Scheduling(this, 'Scheduling', {
      operations,
      target: openReportPeriod,
      dailyWorkflow: reminderWorkflow.stateMachine,
      reminderSender: reminderWorkflow.taskFunction,
      ...(props.reminderDaysBefore ? { reminderDaysBefore: props.reminderDaysBefore } : {}),
      ...(props.overdueAfterDays !== undefined ? { overdueAfterDays: props.overdueAfterDays } : {}),
    });

    const agreementWorkflow = new StageWorkflow(this, 'AgreementWorkflow', {
      description: 'cooperation agreement',
      entry: 'functions/workflow/agreement.ts',
      environment,
      grant: (fn) => {
        humanTasks(fn, environment)
          .useTable('AGREEMENT_TABLE', tables.agreementTable, 'readWrite')
          .useTable('REPORT_TABLE', tables.reportTable, 'readWrite')
          // A period whose first day has begun by activation opens at once, as its schedule would.
          .useStateMachine('REPORT_WORKFLOW_ARN', reportWorkflow.stateMachine, ['start']);
        scheduling.allowScheduling(fn);
      },
      definition: agreementDefinition,
    });

    const assessmentWorkflow = new StageWorkflow(this, 'AssessmentWorkflow', {
      description: 'annual assessment',
      entry: 'functions/workflow/assessment.ts',
      environment,
      // Scoring reads the agreement, its reports and the rubric; an incompetent grade ends the
      // agreement and closes its periods.
      grant: (fn) => {
        humanTasks(fn, environment)
          .useTable('ASSESSMENT_TABLE', tables.assessmentTable, 'readWrite')
          .useTable('AGREEMENT_TABLE', tables.agreementTable, 'readWrite')
          .useTable('REPORT_TABLE', tables.reportTable, 'readWrite')
          .useTable('SETTINGS_TABLE', tables.settingsTable, 'read')
          // Ending an agreement early stops its periods' executions that wait for a report.
          .useStateMachine('REPORT_WORKFLOW_ARN', reportWorkflow.stateMachine, ['stop']);
        scheduling.allowUnscheduling(fn);
      },
      definition: (scope, taskFunction) =>
        assessmentDefinition(scope, taskFunction, props.assessmentDeadlines),
    });

    // Opens a year's assessments page by page, outside any request's time limit.
    const assessmentOpeningWorkflow = new StageWorkflow(this, 'AssessmentOpeningWorkflow', {
      description: 'assessment year opening',
      entry: 'functions/workflow/assessmentOpening.ts',
      // A page's hundred opens take well under a second in AWS; the margin covers a slow
      // dependency, and a page that still times out is retried without opening anything twice.
      timeout: Duration.seconds(60),
      environment,
      grant: (fn) =>
        fn
          .useTable('AGREEMENT_TABLE', tables.agreementTable, 'readAll')
          .useTable('ASSESSMENT_TABLE', tables.assessmentTable, 'readWrite')
          .useTable('SETTINGS_TABLE', tables.settingsTable, 'readWrite')
          .useStateMachine('ASSESSMENT_WORKFLOW_ARN', assessmentWorkflow.stateMachine, ['start']),
      definition: assessmentYearOpeningDefinition,
    });

    const commendationWorkflow = new StageWorkflow(this, 'CommendationWorkflow', {
      description: 'commendation round',
      entry: 'functions/workflow/commendation.ts',
      environment,
      // Closing the scoring ranks the nominees from their scores; the progress check counts them.
      grant: (fn) =>
        humanTasks(fn, environment)
          .useTable('COMMENDATION_TABLE', tables.commendationTable, 'readWrite')
          .useTable('PANEL_SCORE_TABLE', tables.panelScoreTable, 'read'),
      definition: (scope, taskFunction) =>
        commendationRoundDefinition(scope, taskFunction, props.commendationDeadlines),
    });

    const evidenceFiles = new EvidenceFiles(this, 'EvidenceFiles', { consoleOrigin: consoleHosting.url });

    // Checks and writes an imported programme page by page, outside any request's time limit.
    const importWorkflow = new StageWorkflow(this, 'ImportWorkflow', {
      description: 'programme import',
      entry: 'functions/workflow/programmeImport.ts',
      // The check reads a whole workbook (26,000 rows take a few seconds); a chunk's writes well under a minute.
      timeout: Duration.minutes(5),
      environment,
      grant: (fn) => {
        // A commissioner whose agreement runs on is invited to sign in, as the bureau invites anyone.
        emailing(fn, environment)
          .useTable('MEMBERSHIP_TABLE', tables.membershipTable, 'readWrite')
          .useTable('IMPORT_TABLE', tables.importTable, 'readWrite')
          .useTable('COMMISSIONER_TABLE', tables.commissionerTable, 'readWrite')
          .useTable('AGREEMENT_TABLE', tables.agreementTable, 'readWrite')
          .useTable('REPORT_TABLE', tables.reportTable, 'readWrite')
          // A period of an imported agreement whose first day has begun opens at once, as its schedule would.
          .useStateMachine('REPORT_WORKFLOW_ARN', reportWorkflow.stateMachine, ['start']);
        scheduling.allowScheduling(fn);
        evidenceFiles.allowImportWorkbooks(fn, 'read');
        // An imported commissioner's sign-in: made in the directory, or found there.
        if (signIn.directory.kind === 'cognito') {
          fn.setEnvironment('IDENTITY_DIRECTORY', 'cognito').setEnvironment(
            'USER_POOL_ID',
            signIn.directory.userPool.userPoolId,
          );
          fn.function.addToRolePolicy(
            new iam.PolicyStatement({
              actions: ['cognito-idp:AdminCreateUser', 'cognito-idp:AdminGetUser'],
              resources: [signIn.directory.userPool.userPoolArn],
            }),
          );
        } else {
          fn.setEnvironment('IDENTITY_DIRECTORY', 'external');
        }
      },
      definition: programmeImportDefinition,
    });
    const api = new HttpApi(this, 'Http', {
      evidenceFiles,
      ...(props.routes ? { routes: props.routes } : {}),
      tables,
      signIn,
      email,
      workflows: {
        application: applicationWorkflow.stateMachine,
        demand: demandWorkflow.stateMachine,
        dispatch: dispatchWorkflow.stateMachine,
        agreement: agreementWorkflow.stateMachine,
        report: reportWorkflow.stateMachine,
        assessment: assessmentWorkflow.stateMachine,
        assessmentOpening: assessmentOpeningWorkflow.stateMachine,
        commendation: commendationWorkflow.stateMachine,
        programmeImport: importWorkflow.stateMachine,
      },
      scheduling,
      consoleOrigin: consoleHosting.url,
      functionTracing: deployment.functionTracing,
    });
    consoleHosting.publish({ apiUrl: api.url, signIn: signIn.console });
    new CfnOutput(this, 'ApiUrl', { value: api.url });
    new CfnOutput(this, 'ConsoleUrl', { value: consoleHosting.url });
    if (auth) new CfnOutput(this, 'UserPoolId', { value: auth.userPool.userPoolId });
    // For making the first admin once after the first deploy (README).
    new CfnOutput(this, 'MembershipTableName', { value: tables.membershipTable.table.tableName });
    // Last, so it finds every state machine built above.
    operations.watch(this);
  }
}
