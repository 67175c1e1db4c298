import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSecrets } from '#local/localSecrets.ts';
import { Outbox } from '#local/outbox.ts';
import { SmtpInbox } from '#local/smtpInbox.ts';
import { useLocalTables } from '#test/support/localTables.ts';

/*
 * `EMAIL=smtp npm start`'s mail path end to end: the send step reads the settings from the local
 * Secrets Manager, sends through nodemailer over TLS with the login, and the local SMTP server puts
 * what it received into the outbox the console shows, Chinese intact.
 */

const outbox = new Outbox(undefined);
const secrets = new LocalSecrets();
let inbox: SmtpInbox;
let emails: typeof import('#shared/email/sendEmail.ts');

useLocalTables({ EMAIL_LOG_TABLE: { name: 'EmailLog' }, MEMBERSHIP_TABLE: { name: 'Membership' } });

beforeAll(async () => {
  inbox = await SmtpInbox.start(outbox, 'no-reply@kjj.example.gov.cn');
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: await secrets.listen(),
    EMAIL_TRANSPORT: 'smtp',
    SMTP_SECRET_ARN: secrets.put('commissioner-workflows/smtp', JSON.stringify(inbox.settings)),
  });
  emails = await import('#shared/email/sendEmail.ts');
});

afterAll(async () => {
  await inbox?.close();
  await secrets.close();
});

describe('The local SMTP inbox', () => {
  it('puts what the SMTP path sends into the outbox, as the SES path does', async () => {
    // Arrange
    const params = {
      title: '莲都区阀门企业数字化改造',
      period: '2',
      start: '2027-04-01',
      end: '2027-06-30',
      due: '2027-07-10',
      link: 'https://console.example.org/reports/r-2',
    };

    // Act
    const result = await emails.sendEmailOnce({
      dedupeKey: 'inbox-report-reminder',
      to: ['Li.Ming@zju.edu.cn'],
      template: 'report-reminder',
      params,
    });

    // Assert
    expect(result).toBe('sent');
    const [received, ...others] = outbox.listTo('li.ming@zju.edu.cn');
    expect(others).toEqual([]);
    expect(received).toMatchObject({
      via: 'smtp',
      from: 'no-reply@kjj.example.gov.cn',
      to: ['Li.Ming@zju.edu.cn'],
      subject:
        '成果报告提醒：莲都区阀门企业数字化改造（第2期，2027-07-10截止） / Report reminder: 莲都区阀门企业数字化改造 (period 2, due 2027-07-10)',
    });
    expect(received?.text).toContain(
      '“莲都区阀门企业数字化改造”第2期（2027-04-01至2027-06-30）成果报告将于2027-07-10截止',
    );
    expect(received?.html).toContain('<div lang="zh-CN">');
    expect(received?.id).toMatch(/^<[0-9a-f]{32}@kjj\.example\.gov\.cn>$/);
  });
});
