import { CfnOutput, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { TeamFunction } from '#infra/teamFunction.ts';
import type { EmailTransport } from '#shared/config.ts';

export interface EmailProps {
  /**
   * `ses`: SES v2 from a verified domain; `smtp`: a mail account whose settings the bureau puts
   * in the stack's secret (`shared/email/smtpSettings.ts`), for regions without SES (China). @default ses
   */
  readonly transport?: EmailTransport;
  /** With SES: the domain the system sends from; its DNS records must be published for SES to verify it. */
  readonly domain: string;
  /** With SES. @default `no-reply@${domain}` */
  readonly fromAddress?: string;
}

/**
 * Outgoing email: through SES v2 from one verified domain identity, or through an SMTP account
 * whose host, port, sender and credentials live in a Secrets Manager secret (never in the
 * template or the environment), readable only by the functions that send mail.
 */
export class Email extends Construct {
  /** With SMTP: the secret the bureau fills with the account's settings after deploying. */
  readonly smtpSettings?: secretsmanager.Secret;
  private readonly fromAddress: string;
  private readonly identityName: string;

  constructor(scope: Construct, id: string, props: EmailProps) {
    super(scope, id);
    this.identityName = props.domain;
    this.fromAddress = props.fromAddress ?? `no-reply@${props.domain}`;
    if ((props.transport ?? 'ses') === 'ses') {
      new ses.EmailIdentity(this, 'Domain', { identity: ses.Identity.domain(props.domain) });
      return;
    }
    // Created with a random value (CDK's default), never the settings: the bureau puts those in
    // (`aws secretsmanager put-secret-value`), and until then a send fails naming the secret.
    this.smtpSettings = new secretsmanager.Secret(this, 'SmtpSettings', {
      description: 'Commissioner Workflows: the SMTP account email is sent through (JSON; see the README)',
    });
    Validations.of(this.smtpSettings).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        "The SMTP account's password is set by its mail provider; the bureau rotates it there and puts the new one in",
    });
    new CfnOutput(Stack.of(this), 'SmtpSettingsSecret', {
      description: 'Put the SMTP account settings (JSON) in this secret after deploying',
      value: this.smtpSettings.secretArn,
    });
  }

  /** Lets one function send email: its settings in the environment, and the least privilege to send. */
  allowSending(fn: TeamFunction): void {
    if (this.smtpSettings) {
      fn.setEnvironment('EMAIL_TRANSPORT', 'smtp').setEnvironment(
        'SMTP_SECRET_ARN',
        this.smtpSettings.secretArn,
      );
      this.smtpSettings.grantRead(fn.function);
      return;
    }
    fn.setEnvironment('EMAIL_FROM', this.fromAddress);
    fn.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          Stack.of(this).formatArn({ service: 'ses', resource: 'identity', resourceName: this.identityName }),
        ],
      }),
    );
  }
}
