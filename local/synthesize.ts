import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { CommissionerStack } from '#infra/stack.ts';
import type { CfnTemplate } from '#local/cloudFormation.ts';
import { assertReminderPolicyWorks } from '#shared/report/executionLifetime.ts';
import { reminderPolicyFrom } from '#shared/report/reminders.ts';

export const localEmailDomain = 'commissioner.local';
export const localBureauEmail = `bureau@${localEmailDomain}`;

/**
 * Synthesizes the same stack `cdk synth` deploys, without bundling: the embedded runtime
 * runs the handler modules directly, so only the template is needed.
 */
export async function synthesizeTemplate(): Promise<CfnTemplate> {
  const workDir = await mkdtemp(join(tmpdir(), 'commissioner-synth-'));
  try {
    // The console is served from its own build locally; the hosting construct only needs a folder.
    const siteDirectory = join(workDir, 'site');
    await mkdir(siteDirectory);
    const app = new App({
      outdir: join(workDir, 'out'),
      context: {
        'aws:cdk:bundling-stacks': [],
        // CDK's default rule validation takes seconds; `npm run synth` (and CI) keeps it.
        '@aws-cdk/core:validateAgainstDefaultRules': false,
      },
    });
    const reminderPolicy = reminderPolicyFrom(process.env);
    assertReminderPolicyWorks(reminderPolicy);
    const stack = new CommissionerStack(app, 'CommissionerWorkflows', {
      consoleSiteDirectory: siteDirectory,
      emailDomain: localEmailDomain,
      bureauEmail: localBureauEmail,
      // The same variables the functions read: `REMINDER_DAYS_BEFORE=3,0 npm start` runs that policy.
      reminderDaysBefore: reminderPolicy.daysBefore,
      overdueAfterDays: reminderPolicy.overdueAfterDays,
    });
    return app.synth().getStackArtifact(stack.artifactId).template as CfnTemplate;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
