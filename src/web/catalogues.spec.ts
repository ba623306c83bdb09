import { join } from 'node:path';
import { Catalogues, chooseLanguage, loadCatalogues } from './catalogues.js';

const LOCALES = join(import.meta.dirname, '..', '..', 'templates', 'web', 'locales');

describe('the website catalogues', () => {
  it('hold the four languages, English first, each with every key of English and no other', async () => {
    const catalogues = await loadCatalogues(LOCALES);
    expect(catalogues.languages.map((l) => [l.code, l.dir])).toEqual([
      ['en', 'ltr'],
      ['ar', 'rtl'],
      ['fr', 'ltr'],
      ['sw', 'ltr'],
    ]);
    const { default: en } = await import(join(LOCALES, 'en.json'), { with: { type: 'json' } });
    for (const { code } of catalogues.languages) {
      const { default: messages } = await import(join(LOCALES, `${code}.json`), { with: { type: 'json' } });
      expect({ code, keys: Object.keys(messages).sort() }).toEqual({ code, keys: Object.keys(en).sort() });
    }
  });

  it('fills placeholders, and falls back to English, then to the key itself', () => {
    const catalogues = new Catalogues(
      new Map<string, Record<string, string>>([
        ['en', { greeting: 'Found: {count}', onlyEnglish: 'English' }],
        ['sw', { greeting: 'Zilizopatikana: {count}' }],
      ]),
    );
    const t = catalogues.translator('sw');
    expect(t('greeting', { count: 3 })).toBe('Zilizopatikana: 3');
    expect(t('greeting')).toBe('Zilizopatikana: {count}');
    expect(t('onlyEnglish')).toBe('English');
    expect(t('missing.key')).toBe('missing.key');
  });
});

describe('choosing the language of a page', () => {
  const available = (code: string) => ['en', 'sw', 'fr', 'ar'].includes(code);

  it('takes the address first, then the cookie, then the browser, then English', () => {
    expect(chooseLanguage(available, { query: 'ar', cookie: 'fr', acceptLanguage: 'sw' })).toBe('ar');
    expect(chooseLanguage(available, { cookie: 'fr', acceptLanguage: 'sw' })).toBe('fr');
    expect(chooseLanguage(available, { acceptLanguage: 'sw' })).toBe('sw');
    expect(chooseLanguage(available, {})).toBe('en');
  });

  it('ignores what it does not offer, and reads Accept-Language by quality and primary tag', () => {
    expect(chooseLanguage(available, { query: 'de', cookie: 'xx', acceptLanguage: 'de-DE, fr-CA;q=0.8, ar;q=0.9' })).toBe('ar');
    expect(chooseLanguage(available, { acceptLanguage: 'fr-CA' })).toBe('fr');
    expect(chooseLanguage(available, { acceptLanguage: 'sw;q=0, de' })).toBe('en');
    expect(chooseLanguage(available, { query: ['ar', 'fr'], acceptLanguage: 'garbage;;;q=x' })).toBe('en');
  });
});
