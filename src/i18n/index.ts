import en from './en.json' with { type: 'json' };

export type MessageKey = keyof typeof en;
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const catalogs: Record<string, Record<string, string>> = { en };

/**
 * A translator for a locale (English until other catalogs arrive): `{name}` placeholders are filled from params.
 * @example
 * const t = createTranslator('en');
 * t('account.greeting', { name: 'Ana' });
 */
export function createTranslator(locale = 'en'): Translate {
  const catalog = catalogs[locale] ?? en;
  return (key, params) => {
    const template = catalog[key] ?? en[key] ?? key;
    return params ? template.replace(/\{(\w+)\}/g, (match, name: string) => String(params[name] ?? match)) : template;
  };
}
