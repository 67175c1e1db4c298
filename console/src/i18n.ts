type Catalogue = typeof import('../messages/en.json', { with: { type: 'json' }});
/** Every key of the catalogues; the English catalogue is the reference and zh-CN must match it. */
export type MessageKey = keyof Catalogue;

export const locales = ['zh-CN', 'en'] as const;
export type Locale = (typeof locales)[number];

const storageKey = 'commissioner-console.locale';
let activeLocale: Locale = 'en';
let messages: Record<string, string> = {};

export function locale(): Locale {
  return activeLocale;
}

/** The remembered choice, else the browser's first preference: any Chinese variant reads zh-CN. */
export function preferredLocale(): Locale {
  const remembered = localStorage.getItem(storageKey);
  if (remembered === 'zh-CN' || remembered === 'en') return remembered;
  const browserLanguage = navigator.languages[0] ?? navigator.language ?? '';
  return browserLanguage.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export async function loadLocale(next: Locale, remember: boolean): Promise<void> {
  const response = await fetch(`messages/${next}.json`);
  if (!response.ok) throw new Error(`messages/${next}.json: ${response.status}`);
  messages = (await response.json()) as Record<string, string>;
  activeLocale = next;
  if (remember) localStorage.setItem(storageKey, next);
  document.documentElement.lang = next;
  document.title = t('app.title');
}

/** The message for a key with `{name}` placeholders filled from params. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = messages[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = params[name];
    return value === undefined ? placeholder : String(value);
  });
}

/**
 * The label for a value the server names (a state, an action) under `prefix.`; a value this console does
 * not know yet is shown as the server sent it rather than hidden.
 */
export function labelOf(prefix: string, value: string): string {
  return messages[`${prefix}.${value}`] ?? value;
}

/** The label for a value in a context (a decision on one kind of task, say), else its label anywhere. */
export function contextualLabelOf(prefix: string, context: string, value: string): string {
  return messages[`${prefix}.${context}.${value}`] ?? labelOf(prefix, value);
}
