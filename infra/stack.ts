import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { Auth, externalSignIn, type SignIn } from '#infra/auth.ts';
import { ConsoleHosting } from '#infra/consoleHosting.ts';
import { Email } from '#infra/email.ts';
import { HttpApi } from '#infra/httpApi.ts';
import { Operations } from '#infra/operations.ts';
import { Scheduling } from '#infra/scheduling.ts';
import { emailing, StageWorkflow, stageFunction } from '#infra/stageWorkflow.ts';
import { Tables } from '#infra/tables.ts';
import { TaskFunctions } from '#infra/taskFunctions.ts';
import { TeamFunction } from '#infra/teamFunction.ts';
import type { StagedRoute } from '#shared/api/routes.ts';
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
import { type ReportReviewDeadlines, reportReviewDefinition } from '#workflows/reportReview.ts';

export interface CommissionerStackProps extends StackProps {
  /** The built console to host. */
  readonly consoleSiteDirectory: string;
  /** The verified SES domain the system sends from. */
  readonly emailDomain: string;
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
    const consoleHosting = new ConsoleHosting(this, 'Console', { siteDirectory: props.consoleSiteDirectory });
    const provider =
      props.identityProvider ?? identityProviderFrom(this.node.tryGetContext('identityProvider'));
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
    const email = new Email(this, 'Email', { domain: props.emailDomain });
    const environment = { tables, email, consoleUrl: consoleHosting.url, bureauEmail: props.bureauEmail };
    const taskFunctions = new TaskFunctions(this, 'TaskFunctions', environment);
    const { openTask, nudgeTask } = taskFunctions;
    const taskSteps = { openTask: openTask.function, nudgeTask: nudgeTask.function };

    const applicationWorkflow = new StageWorkflow(this, 'ApplicationWorkflow', {
      description: 'commissioner application',
      build: (scope) => {
        const recordStep = stageFunction(
          scope,
          'RecordStep',
          'functions/workflow/recordApplicationStep.ts',
          environment,
        )
          .useTable('APPLICATION_TABLE', tables.applicationTable, 'readWrite')
          .useTable('COMMISSIONER_TABLE', tables.commissionerTable, 'readWrite');
        const notifyApplicant = emailing(
          stageFunction(scope, 'NotifyApplicant', 'functions/workflow/notifyApplicant.ts', environment),
          environment,
        ).useTable('APPLICATION_TABLE', tables.applicationTable, 'read');
        return {
          definition: applicationReviewDefinition(
            scope,
            { ...taskSteps, recordStep: recordStep.function, notifyApplicant: notifyApplicant.function },
            props.applicationDeadlines,
          ),
          invoked: [openTask, nudgeTask, recordStep, notifyApplicant],
        };
      },
    });

    const demandWorkflow = new StageWorkflow(this, 'DemandWorkflow', {
      description: 'enterprise demand',
      build: (scope) => {
        const recordStep = stageFunction(
          scope,
          'RecordStep',
          'functions/workflow/recordDemandStep.ts',
          environment,
        ).useTable('DEMAND_TABLE', tables.demandTable, 'readWrite');
        const notifyEnterprise = emailing(
          stageFunction(scope, 'NotifyEnterprise', 'functions/workflow/notifyEnterprise.ts', environment),
          environment,
        ).useTable('DEMAND_TABLE', tables.demandTable, 'read');
        return {
          definition: demandVerificationDefinition(scope, {
            ...taskSteps,
            recordStep: recordStep.function,
            notifyEnterprise: notifyEnterprise.function,
          }),
          invoked: [openTask, nudgeTask, recordStep, notifyEnterprise],
        };
      },
    });

    const dispatchWorkflow = new StageWorkflow(this, 'DispatchWorkflow', {
      description: 'dispatch',
      build: (scope) => {
        const dispatchStep = (name: string, entry: string) =>
          stageFunction(scope, name, entry, environment).useTable(
            'DISPATCH_TABLE',
            tables.dispatchTable,
            'readWrite',
          );
        const recordStep = dispatchStep('RecordStep', 'functions/workflow/recordDispatchStep.ts');
        const openNotice = dispatchStep('OpenNotice', 'functions/workflow/openNotice.ts');
        const closeNotice = dispatchStep('CloseNotice', 'functions/workflow/closeNotice.ts');
        const completeDispatch = emailing(
          dispatchStep('CompleteDispatch', 'functions/workflow/completeDispatch.ts'),
          environment,
        )
          .useTable('DEMAND_TABLE', tables.demandTable, 'readWrite')
          .useTable('COMMISSIONER_TABLE', tables.commissionerTable, 'readWrite');
        const returnToMatching = emailing(
          dispatchStep('ReturnToMatching', 'functions/workflow/returnToMatching.ts'),
          environment,
        )
          .useTable('DEMAND_TABLE', tables.demandTable, 'readWrite')
          .useTable('TASK_TABLE', tables.taskTable, 'readWrite');
        return {
          definition: dispatchDefinition(
            scope,
            {
              ...taskSteps,
              recordStep: recordStep.function,
              openNotice: openNotice.function,
              closeNotice: closeNotice.function,
              completeDispatch: completeDispatch.function,
              returnToMatching: returnToMatching.function,
            },
            props.dispatchDeadlines,
          ),
          invoked: [
            openTask,
            nudgeTask,
            recordStep,
            openNotice,
            closeNotice,
            completeDispatch,
            returnToMatching,
          ],
        };
      },
    });

    let reportHandOver: TeamFunction | undefined;
    const reportWorkflow = new StageWorkflow(this, 'ReportWorkflow', {
      description: 'report period',
      build: (scope) => {
        const reportStep = (name: string, entry: string, access: 'read' | 'readWrite') =>
          stageFunction(scope, name, entry, environment).useTable('REPORT_TABLE', tables.reportTable, access);
        const recordStep = reportStep('RecordStep', 'functions/workflow/recordReportStep.ts', 'readWrite');
        const submissionWait = reportStep(
          'SubmissionWait',
          'functions/workflow/reportSubmissionWait.ts',
          'read',
        );
        const notify = emailing(
          reportStep('Notify', 'functions/workflow/notifyReport.ts', 'read'),
          environment,
        ).useTable('TASK_TABLE', tables.taskTable, 'readWrite');
        const handOver = reportStep('HandOver', 'functions/workflow/handOverReportReview.ts', 'read');
        reportHandOver = handOver;
        return {
          definition: reportReviewDefinition(
            scope,
            {
              ...taskSteps,
              recordStep: recordStep.function,
              submissionWait: submissionWait.function,
              notify: notify.function,
              handOver: handOver.function,
            },
            props.reportDeadlines,
          ),
          invoked: [openTask, nudgeTask, recordStep, submissionWait, notify, handOver],
        };
      },
    });
    // The handover starts its own state machine's next execution. Granted in a policy of its
    // own: in the function's default policy it would be a cycle (the function waits for that
    // policy, the policy for the state machine, the state machine for the function).
    if (reportHandOver?.function.role) {
      new iam.Policy(this, 'ReportHandOverStartsExecutions', {
        roles: [reportHandOver.function.role],
        statements: [
          new iam.PolicyStatement({
            actions: ['states:StartExecution'],
            resources: [reportWorkflow.stateMachine.stateMachineArn],
          }),
        ],
      });
    }

    const openReportPeriod = stageFunction(
      this,
      'OpenReportPeriod',
      'functions/scheduled/openReportPeriod.ts',
      environment,
    )
      .useTable('REPORT_TABLE', tables.reportTable, 'read')
      .useStateMachine('REPORT_WORKFLOW_ARN', reportWorkflow.stateMachine, ['start']);
    // The day's reminders page by page, outside any one invocation's time limit.
    let reminderSender: TeamFunction | undefined;
    const reminderWorkflow = new StageWorkflow(this, 'DailyReminderWorkflow', {
      description: 'daily reminder',
      build: (scope) => {
        // A page's hundred reminders take a few seconds in AWS; the margin covers a slow SES or
        // table, and a page that still times out is retried without sending anything twice.
        const sendPage = emailing(
          new TeamFunction(scope, 'SendPage', {
            entry: 'functions/scheduled/sendReminderPage.ts',
            timeout: Duration.seconds(60),
          }).setEnvironment('CONSOLE_URL', environment.consoleUrl),
          environment,
        ).useTable('REPORT_TABLE', tables.reportTable, 'read');
        reminderSender = sendPage;
        const publishOverdueTasks = new TeamFunction(scope, 'PublishOverdueTasks', {
          entry: 'functions/scheduled/publishOverdueTasks.ts',
        }).useTable('TASK_TABLE', tables.taskTable, 'read');
        return {
          definition: dailyRemindersDefinition(scope, {
            sendPage: sendPage.function,
            publishOverdueTasks: publishOverdueTasks.function,
          }),
          invoked: [sendPage, publishOverdueTasks],
        };
      },
    });
    if (!reminderSender) throw new Error('The daily reminder workflow built no sender');
    const scheduling = new Scheduling(this, 'Scheduling', {
      operations,
      target: openReportPeriod,
      dailyWorkflow: reminderWorkflow.stateMachine,
      reminderSender,
      ...(props.reminderDaysBefore ? { reminderDaysBefore: props.reminderDaysBefore } : {}),
      ...(props.overdueAfterDays !== undefined ? { overdueAfterDays: props.overdueAfterDays } : {}),
    });

    const agreementWorkflow = new StageWorkflow(this, 'AgreementWorkflow', {
      description: 'cooperation agreement',
      build: (scope) => {
        const agreementStep = (name: string, entry: string) =>
          stageFunction(scope, name, entry, environment).useTable(
            'AGREEMENT_TABLE',
            tables.agreementTable,
            'readWrite',
          );
        const recordStep = agreementStep('RecordStep', 'functions/workflow/recordAgreementStep.ts');
        const activate = emailing(
          agreementStep('Activate', 'functions/workflow/activateAgreement.ts'),
          environment,
        )
          .useTable('REPORT_TABLE', tables.reportTable, 'readWrite')
          // A period whose first day has begun by activation opens at once, as its schedule would.
          .useStateMachine('REPORT_WORKFLOW_ARN', reportWorkflow.stateMachine, ['start']);
        scheduling.allowScheduling(activate);
        const closeUnsigned = emailing(
          agreementStep('CloseUnsigned', 'functions/workflow/closeUnsignedAgreement.ts'),
          environment,
        );
        return {
          definition: agreementDefinition(scope, {
            ...taskSteps,
            recordStep: recordStep.function,
            activate: activate.function,
            closeUnsigned: closeUnsigned.function,
          }),
          invoked: [openTask, nudgeTask, recordStep, activate, closeUnsigned],
        };
      },
    });

    const assessmentWorkflow = new StageWorkflow(this, 'AssessmentWorkflow', {
      description: 'annual assessment',
      build: (scope) => {
        const assessmentStep = (name: string, entry: string) =>
          stageFunction(scope, name, entry, environment).useTable(
            'ASSESSMENT_TABLE',
            tables.assessmentTable,
            'readWrite',
          );
        const recordStep = assessmentStep('RecordStep', 'functions/workflow/recordAssessmentStep.ts');
        const score = assessmentStep('Score', 'functions/workflow/scoreAssessment.ts')
          .useTable('AGREEMENT_TABLE', tables.agreementTable, 'read')
          .useTable('REPORT_TABLE', tables.reportTable, 'read')
          .useTable('SETTINGS_TABLE', tables.settingsTable, 'read');
        const endAgreement = emailing(
          assessmentStep('EndAgreement', 'functions/workflow/endAgreementEarly.ts'),
          environment,
        )
          .useTable('AGREEMENT_TABLE', tables.agreementTable, 'readWrite')
          .useTable('REPORT_TABLE', tables.reportTable, 'readWrite');
        scheduling.allowUnscheduling(endAgreement);
        return {
          definition: assessmentDefinition(
            scope,
            {
              ...taskSteps,
              recordStep: recordStep.function,
              score: score.function,
              endAgreement: endAgreement.function,
            },
            props.assessmentDeadlines,
          ),
          invoked: [openTask, nudgeTask, recordStep, score, endAgreement],
        };
      },
    });

    // Opens a year's assessments page by page, outside any request's time limit.
    const assessmentOpeningWorkflow = new StageWorkflow(this, 'AssessmentOpeningWorkflow', {
      description: 'assessment year opening',
      build: (scope) => {
        // A page's hundred opens take well under a second in AWS; the margin covers a slow
        // dependency, and a page that still times out is retried without opening anything twice.
        const openPage = new TeamFunction(scope, 'OpenPage', {
          entry: 'functions/workflow/openAssessmentPage.ts',
          timeout: Duration.seconds(60),
        })
          .useTable('AGREEMENT_TABLE', tables.agreementTable, 'readAll')
          .useTable('ASSESSMENT_TABLE', tables.assessmentTable, 'readWrite')
          .useTable('SETTINGS_TABLE', tables.settingsTable, 'readWrite')
          .useStateMachine('ASSESSMENT_WORKFLOW_ARN', assessmentWorkflow.stateMachine, ['start']);
        const recordFailure = stageFunction(
          scope,
          'RecordFailure',
          'functions/workflow/recordOpeningFailure.ts',
          environment,
        ).useTable('SETTINGS_TABLE', tables.settingsTable, 'readWrite');
        return {
          definition: assessmentYearOpeningDefinition(scope, {
            openPage: openPage.function,
            recordFailure: recordFailure.function,
          }),
          invoked: [openPage, recordFailure],
        };
      },
    });

    const commendationWorkflow = new StageWorkflow(this, 'CommendationWorkflow', {
      description: 'commendation round',
      build: (scope) => {
        const roundStep = (name: string, entry: string, access: 'read' | 'readWrite' = 'readWrite') =>
          stageFunction(scope, name, entry, environment).useTable(
            'COMMENDATION_TABLE',
            tables.commendationTable,
            access,
          );
        // Closing the scoring ranks the nominees from their scores; the progress check counts them.
        const recordStep = roundStep('RecordStep', 'functions/workflow/recordRoundStep.ts').useTable(
          'PANEL_SCORE_TABLE',
          tables.panelScoreTable,
          'read',
        );
        const notifyPanel = emailing(
          roundStep('NotifyPanel', 'functions/workflow/notifyPanel.ts'),
          environment,
        );
        const progress = roundStep('Progress', 'functions/workflow/roundProgress.ts', 'read').useTable(
          'PANEL_SCORE_TABLE',
          tables.panelScoreTable,
          'read',
        );
        const openNotice = roundStep('OpenNotice', 'functions/workflow/openRoundNotice.ts');
        const publish = emailing(roundStep('Publish', 'functions/workflow/publishRound.ts'), environment);
        return {
          definition: commendationRoundDefinition(
            scope,
            {
              ...taskSteps,
              recordStep: recordStep.function,
              notifyPanel: notifyPanel.function,
              progress: progress.function,
              openNotice: openNotice.function,
              publish: publish.function,
            },
            props.commendationDeadlines,
          ),
          invoked: [openTask, nudgeTask, recordStep, notifyPanel, progress, openNotice, publish],
        };
      },
    });

    const api = new HttpApi(this, 'Http', {
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
      },
      scheduling,
      consoleOrigin: consoleHosting.url,
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
