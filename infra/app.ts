import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CommissionerStack } from '#infra/stack.ts';
import { assertReminderPolicyWorks } from '#shared/report/executionLifetime.ts';
import { reminderPolicyFrom } from '#shared/report/reminders.ts';
import { buildConsole } from '../console/build.ts';

/*
 * The CDK app. Deploy settings come from context:
 *   npx cdk deploy -c emailDomain=kjj.example.gov.cn -c bureauEmail=kjj@example.gov.cn
 * and the programme's reminder policy (defaults 7,1,0 and 14):
 *   -c reminderDaysBefore=7,1,0 -c overdueAfterDays=14
 * and the operators' mailbox the alarms go to: -c operatorEmail=ops@kjj.example.gov.cn
 * and email through an SMTP account (its settings in a secret) instead of SES: -c emailTransport=smtp
 * and who people sign in with (cdk.json's `identityProvider`; the README's Deploying section):
 *   -c identityProvider='{"kind":"oidc","issuer":"https://id.kjj.example.gov.cn","clientId":"commissioner-console",...}'
 * and, for the AWS China regions (the china profile, chosen by a cn- Region or -c profile=china),
 * the console's ICP-filed domain and its IAM server certificate:
 *   -c consoleDomain=commissioner.kjj.example.gov.cn -c consoleCertificateId=ASCA...
 * The stack reads these (`infra/deploymentProfile.ts`) and stops synthesis naming any that cannot work.
 */
const app = new App();
const optionalContext = (key: string) => {
  const value = app.node.tryGetContext(key);
  return value === undefined ? undefined : String(value);
};
const reminderPolicy = reminderPolicyFrom({
  REMINDER_DAYS_BEFORE: optionalContext('reminderDaysBefore'),
  OVERDUE_AFTER_DAYS: optionalContext('overdueAfterDays'),
});
assertReminderPolicyWorks(reminderPolicy);
const consoleSiteDirectory = join(app.outdir, 'console-site');
await buildConsole(consoleSiteDirectory);

new CommissionerStack(app, 'CommissionerWorkflows', {
  consoleSiteDirectory,
  emailDomain: String(app.node.tryGetContext('emailDomain') ?? 'commissioner.example.org'),
  bureauEmail: String(app.node.tryGetContext('bureauEmail') ?? 'bureau@commissioner.example.org'),
  signInDomainPrefix: app.node.tryGetContext('signInDomainPrefix'),
  operatorEmail: optionalContext('operatorEmail'),
  reminderDaysBefore: reminderPolicy.daysBefore,
  overdueAfterDays: reminderPolicy.overdueAfterDays,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
