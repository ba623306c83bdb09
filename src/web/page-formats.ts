/** How a page writes dates, times and amounts: for its language, in the platform's time zone. */
export interface PageFormats {
  date(value: Date | string | null | undefined): string;
  dateTime(value: Date | string | null | undefined): string;
  number(value: number): string;
  /** A decimal string such as "1250000.00", kept exact (no rounding through a float). */
  money(amount: string | null | undefined, currency: string | null | undefined): string;
}

const cache = new Map<string, PageFormats>();

/** Formatters are costly to build and pages are many: one set per language and time zone. */
export function pageFormats(language: string, timeZone: string): PageFormats {
  const key = `${language}|${timeZone}`;
  let formats = cache.get(key);
  if (!formats) cache.set(key, (formats = buildFormats(language, timeZone)));
  return formats;
}

function buildFormats(language: string, timeZone: string): PageFormats {
  const date = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone });
  const dateTime = new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'short', timeZone });
  const number = new Intl.NumberFormat(language);
  const money = new Map<string, Intl.NumberFormat>();
  const moneyIn = (currency: string) => {
    let format = money.get(currency);
    if (!format) money.set(currency, (format = new Intl.NumberFormat(language, { style: 'currency', currency })));
    return format;
  };
  const when = (format: Intl.DateTimeFormat) => (value: Date | string | null | undefined) => (value ? format.format(new Date(value)) : '');
  return {
    date: when(date),
    dateTime: when(dateTime),
    number: (value) => number.format(value),
    money: (amount, currency) => {
      if (!amount) return '';
      // Intl formats a decimal string exactly (ES2023); the cast is for TypeScript's older signature.
      const exact = amount as unknown as number;
      return currency ? moneyIn(currency).format(exact) : number.format(exact);
    },
  };
}
