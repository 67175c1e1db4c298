import {
  type EmailLanguage,
  type EmailParam,
  type EmailTemplate,
  emailCatalogue,
  emailLanguages,
} from '#shared/email/catalogue.ts';

export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const htmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => htmlEscapes[c] ?? c);

function fill(
  template: string,
  params: Readonly<Record<string, EmailParam>>,
  language: EmailLanguage,
  encode: (value: string) => string,
): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`Email parameter ${name} is missing`);
    return encode(typeof value === 'string' ? value : value[language]);
  });
}

/**
 * Renders a template in the recipients' language, or in both, Chinese first, when it is not
 * known: nobody is asked to choose a language before their first email.
 */
export function renderEmail(
  template: EmailTemplate,
  params: Readonly<Record<string, EmailParam>>,
  language?: EmailLanguage,
): RenderedEmail {
  const languages = language ? [language] : emailLanguages;
  const texts = languages.map((each) => ({ each, ...emailCatalogue[template][each] }));
  const subject = texts.map((t) => fill(t.subject, params, t.each, String)).join(' / ');
  const text = texts.map((t) => fill(t.body, params, t.each, String)).join('\n\n----\n\n');
  const html = texts
    .map((t) => {
      const lines = fill(t.body, params, t.each, escapeHtml).split('\n').join('<br>');
      return `<div lang="${t.each}"><p>${lines}</p></div>`;
    })
    .join('<hr>');
  return {
    subject,
    text,
    html: `<!doctype html><html lang="${language ?? 'zh-CN'}"><body>${html}</body></html>`,
  };
}
