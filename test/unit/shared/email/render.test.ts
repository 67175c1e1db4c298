import { describe, expect, it } from 'vitest';
import enCatalogue from '#console/messages/en.json' with { type: 'json' };
import zhCatalogue from '#console/messages/zh-CN.json' with { type: 'json' };
import { emailCatalogue, emailLabels, stateLabel } from '#shared/email/catalogue.ts';
import { renderEmail } from '#shared/email/render.ts';

const params = {
  applicant: 'Li Wei',
  institution: 'Zhejiang University of Technology',
  reason: 'The statement names no industrial project',
  link: 'https://console.example.org/#/applications/a-1',
};

describe('renderEmail', () => {
  it('renders both languages, Chinese first, in the subject, text and HTML', () => {
    // Act
    const email = renderEmail('application-rejected', params);

    // Assert
    const zh = emailCatalogue['application-rejected']['zh-CN'];
    const en = emailCatalogue['application-rejected'].en;
    expect(email.subject).toBe(`${zh.subject} / ${en.subject}`);
    expect(email.text.indexOf('您好')).toBeGreaterThanOrEqual(0);
    expect(email.text.indexOf('您好')).toBeLessThan(email.text.indexOf('Dear Li Wei'));
    expect(email.html.indexOf('<div lang="zh-CN">')).toBeGreaterThanOrEqual(0);
    expect(email.html.indexOf('<div lang="zh-CN">')).toBeLessThan(email.html.indexOf('<div lang="en">'));
  });

  it.each([
    ['zh-CN', '您好', 'Dear Li Wei'],
    ['en', 'Dear Li Wei', '您好'],
  ] as const)('renders only %s for recipients who chose it', (language, present, absent) => {
    // Act
    const email = renderEmail('application-rejected', params, language);

    // Assert
    expect(email.subject).toBe(emailCatalogue['application-rejected'][language].subject);
    expect(email.text).toContain(present);
    expect(email.text).not.toContain(absent);
    expect(email.text).not.toContain('----');
    expect(email.html).toContain(`<html lang="${language}">`);
    expect(email.html).not.toContain('<hr>');
  });

  it('substitutes every parameter in both languages', () => {
    // Act
    const email = renderEmail('application-endorsement-declined', params);

    // Assert
    expect(email.text).toContain(`${params.applicant}，您好`);
    expect(email.text).toContain(`${params.institution}未推荐您的科技特派员申请。原因：${params.reason}`);
    expect(email.text).toContain(`${params.institution} declined to endorse your commissioner application.`);
    expect(email.text.split(params.link)).toHaveLength(3);
    expect(email.subject + email.text + email.html).not.toMatch(/\{\w+\}/);
  });

  it('escapes a parameter in the HTML part but keeps it literally in the text part', () => {
    // Arrange
    const hostile = { ...params, reason: '<script>alert("x")</script> & more' };

    // Act
    const email = renderEmail('application-rejected', hostile);

    // Assert
    expect(email.html).not.toContain('<script>');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(email.text).toContain('<script>alert("x")</script> & more');
  });

  it('throws when a parameter the template uses is missing', () => {
    // Arrange
    const { reason: _reason, ...withoutReason } = params;

    // Act
    const attempt = () => renderEmail('application-rejected', withoutReason);

    // Assert
    expect(attempt).toThrow(/reason/);
  });
});

describe('the labels an email names ids by', () => {
  it("are the console's own, in both languages", () => {
    for (const [kind, labels] of Object.entries(emailLabels)) {
      for (const [id, label] of Object.entries(labels)) {
        const key = `${kind}.${id}` as keyof typeof zhCatalogue;
        expect(label, key).toEqual({ 'zh-CN': zhCatalogue[key], en: enCatalogue[key] });
      }
    }
  });

  it('fill each language with its own label, and no raw id', () => {
    const email = renderEmail('grading-requested', {
      title: '李伟 · 杭州余杭精密机械有限公司',
      year: '2027',
      score: '96',
      suggestedGrade: emailLabels.grade.good,
      deadline: '2028-01-20',
      link: 'https://console.example.org/#/assessments/a-1',
    });
    expect(email.text).toContain('建议等次：良好');
    expect(email.text).toContain('suggesting the grade Good');
    expect(email.text).not.toContain('good');
  });

  it("name the step a workflow failed at by its state's label, in each language", () => {
    const email = renderEmail('workflow-failed', {
      title: '李伟 · 杭州余杭精密机械有限公司',
      step: stateLabel('awaiting_countersignature'),
      error: 'TransientError',
      link: 'https://console.example.org/#/agreements/a-1',
    });
    expect(email.text).toContain('在“待科技局会签”步骤出错');
    expect(email.text).toContain('failed at "Awaiting countersignature"');
    expect(email.text).not.toContain('awaiting_countersignature');
    expect(stateLabel(undefined)).toBe('');
  });
});
