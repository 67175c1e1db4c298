import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { ApplicationWorkflow } from '#infra/applicationWorkflow.ts';
import { Auth } from '#infra/auth.ts';
import { ConsoleHosting } from '#infra/consoleHosting.ts';
import { Email } from '#infra/email.ts';
import { HttpApi } from '#infra/httpApi.ts';
import { Tables } from '#infra/tables.ts';
import type { ApplicationReviewDeadlines } from '#workflows/applicationReview.ts';

export interface CommissionerStackProps extends StackProps {
  /** The built console to host. */
  readonly consoleSiteDirectory: string;
  /** The verified SES domain the system sends from. */
  readonly emailDomain: string;
  /** The bureau's mailbox for escalations and faults. */
  readonly bureauEmail: string;
  /** @default `commissioner-<account id>` */
  readonly signInDomainPrefix?: string;
  /** @default the workflow's own defaults */
  readonly applicationDeadlines?: ApplicationReviewDeadlines;
}

/** Everything Commissioner Workflows runs on in AWS, composed from one construct per concern. */
export class CommissionerStack extends Stack {
  constructor(scope: Construct, id: string, props: CommissionerStackProps) {
    super(scope, id, props);
    const tables = new Tables(this, 'Tables');
    const consoleHosting = new ConsoleHosting(this, 'Console', { siteDirectory: props.consoleSiteDirectory });
    const auth = new Auth(this, 'Auth', {
      consoleUrl: consoleHosting.url,
      ...(props.signInDomainPrefix ? { signInDomainPrefix: props.signInDomainPrefix } : {}),
    });
    const email = new Email(this, 'Email', { domain: props.emailDomain });
    const applicationWorkflow = new ApplicationWorkflow(this, 'ApplicationWorkflow', {
      tables,
      email,
      consoleUrl: consoleHosting.url,
      bureauEmail: props.bureauEmail,
      ...(props.applicationDeadlines ? { deadlines: props.applicationDeadlines } : {}),
    });
    const api = new HttpApi(this, 'Http', {
      tables,
      userPool: auth.userPool,
      userPoolClient: auth.consoleClient,
      applicationWorkflow: applicationWorkflow.stateMachine,
      consoleOrigin: consoleHosting.url,
    });
    consoleHosting.publish({
      apiUrl: api.url,
      signIn: {
        kind: 'cognito',
        domain: auth.signInDomain.baseUrl(),
        clientId: auth.consoleClient.userPoolClientId,
        redirectUri: auth.redirectUri,
      },
    });
    new CfnOutput(this, 'ApiUrl', { value: api.url });
    new CfnOutput(this, 'ConsoleUrl', { value: consoleHosting.url });
    new CfnOutput(this, 'UserPoolId', { value: auth.userPool.userPoolId });
  }
}
