import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

export type TextDirection = 'ltr' | 'rtl';

export interface Language {
  /** BCP 47 tag, also the catalogue's file name (`sw` → `sw.json`). */
  code: string;
  /** The language's name in itself, as the switch shows it. */
  name: string;
  dir: TextDirection;
}

/** Fills `{name}` placeholders; a placeholder without a value stays visible, so a missing one is seen rather than hidden. */
export type Translate = (key: string, values?: Record<string, string | number>) => string;

/** Every page's text comes from here, English being the fallback for a key a catalogue lacks. */
export const DEFAULT_LANGUAGE = 'en';

/**
 * The message catalogues of the website, one JSON file per language in `templates/web/locales/`.
 * Each catalogue names its own language and direction (`language.name`, `language.dir`), so
 * adding a language is adding a file.
 */
export class Catalogues {
  readonly languages: readonly Language[];

  constructor(private readonly messages: ReadonlyMap<string, Readonly<Record<string, string>>>) {
    if (!messages.has(DEFAULT_LANGUAGE)) throw new Error(`the website needs the ${DEFAULT_LANGUAGE}.json catalogue`);
    // English first (the fallback), then the others in the order of their codes: a stable switch.
    const codes = [...messages.keys()].sort((a, b) => Number(b === DEFAULT_LANGUAGE) - Number(a === DEFAULT_LANGUAGE) || a.localeCompare(b));
    this.languages = codes.map((code) => ({
      code,
      name: messages.get(code)!['language.name'] ?? code,
      dir: messages.get(code)!['language.dir'] === 'rtl' ? 'rtl' : 'ltr',
    }));
  }

  has(code: string): boolean {
    return this.messages.has(code);
  }

  language(code: string): Language {
    return this.languages.find((language) => language.code === code) ?? this.languages[0];
  }

  translator(code: string): Translate {
    const own = this.messages.get(code) ?? {};
    const fallback = this.messages.get(DEFAULT_LANGUAGE)!;
    return (key, values = {}) =>
      (own[key] ?? fallback[key] ?? key).replace(/\{(\w+)\}/g, (placeholder, name: string) => (name in values ? String(values[name]) : placeholder));
  }
}

export async function loadCatalogues(folder: string): Promise<Catalogues> {
  const files = (await readdir(folder)).filter((file) => file.endsWith('.json'));
  const entries = await Promise.all(
    files.map(async (file): Promise<[string, Record<string, string>]> => [basename(file, '.json'), JSON.parse(await readFile(join(folder, file), 'utf8'))]),
  );
  return new Catalogues(new Map(entries));
}

/**
 * The language of a page: the one asked for in the address (`?lang=`, the switch's links), else
 * the one remembered in the cookie, else the browser's preference (`Accept-Language`, by
 * quality, a regional tag such as `fr-CA` matching `fr`), else English.
 */
export function chooseLanguage(available: (code: string) => boolean, asked: { query?: unknown; cookie?: string; acceptLanguage?: string }): string {
  for (const candidate of [asked.query, asked.cookie]) if (typeof candidate === 'string' && available(candidate)) return candidate;
  const preferences = (asked.acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...options] = part.trim().split(';');
      const quality = Number(
        options
          .find((o) => o.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? 1,
      );
      return { tag: tag.toLowerCase(), quality: Number.isFinite(quality) ? quality : 0 };
    })
    .filter((p) => p.tag && p.quality > 0)
    .sort((a, b) => b.quality - a.quality);
  for (const { tag } of preferences) {
    if (available(tag)) return tag;
    const primary = tag.split('-')[0];
    if (available(primary)) return primary;
  }
  return DEFAULT_LANGUAGE;
}
