import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CommissionerStack } from '#infra/stack.ts';
import { buildConsole } from '../console/build.ts';

/*
 * The CDK app. Deploy settings come from context:
 *   npx cdk deploy -c emailDomain=kjj.example.gov.cn -c bureauEmail=kjj@example.gov.cn
 */
const app = new App();
const consoleSiteDirectory = join(app.outdir, 'console-site');
await buildConsole(consoleSiteDirectory);

new CommissionerStack(app, 'CommissionerWorkflows', {
  consoleSiteDirectory,
  emailDomain: String(app.node.tryGetContext('emailDomain') ?? 'commissioner.example.org'),
  bureauEmail: String(app.node.tryGetContext('bureauEmail') ?? 'bureau@commissioner.example.org'),
  signInDomainPrefix: app.node.tryGetContext('signInDomainPrefix'),
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
