import {
  type EmailLanguage,
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

function fill(template: string, params: Record<string, string>, encode: (value: string) => string): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`Email parameter ${name} is missing`);
    return encode(value);
  });
}

/**
 * Renders a template in the recipients' language, or in both, Chinese first, when it is not
 * known: nobody is asked to choose a language before their first email.
 */
export function renderEmail(
  template: EmailTemplate,
  params: Record<string, string>,
  language?: EmailLanguage,
): RenderedEmail {
  const languages = language ? [language] : emailLanguages;
  const texts = languages.map((each: EmailLanguage) => emailCatalogue[template][each]);
  const subject = texts.map((t) => fill(t.subject, params, String)).join(' / ');
  const text = texts.map((t) => fill(t.body, params, String)).join('\n\n----\n\n');
  const html = texts
    .map((t, i) => {
      const lines = fill(t.body, params, escapeHtml).split('\n').join('<br>');
      return `<div lang="${languages[i]}"><p>${lines}</p></div>`;
    })
    .join('<hr>');
  return {
    subject,
    text,
    html: `<!doctype html><html lang="${language ?? 'zh-CN'}"><body>${html}</body></html>`,
  };
}
