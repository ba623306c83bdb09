/** Longest message taken as a complaint: Twilio's limit for one (concatenated) SMS body. */
export const MAX_MESSAGE_LENGTH = 1600;

export type InboundCommand =
  | { kind: 'empty'; language: string }
  | { kind: 'too-long'; language: string }
  | { kind: 'status'; trackingNumber: string; secret: string | null; language: string }
  | { kind: 'rate'; trackingNumber: string; rating: number | null; language: string }
  | { kind: 'add-information'; trackingNumber: string; information: string; language: string }
  | { kind: 'complaint'; description: string; language: string };

/** Command words in each language complainants write in; the word chosen sets the answer's language. */
const KEYWORDS: Array<{ word: string; kind: 'status' | 'rate' | 'add-information'; language: string }> = [
  { word: 'STATUS', kind: 'status', language: 'en' },
  { word: 'HALI', kind: 'status', language: 'sw' },
  { word: 'RATE', kind: 'rate', language: 'en' },
  { word: 'KADIRIA', kind: 'rate', language: 'sw' },
  { word: 'INFO', kind: 'add-information', language: 'en' },
  { word: 'ZAIDI', kind: 'add-information', language: 'sw' },
];

/**
 * Common Kiswahili words: a complaint with several of them is answered in Kiswahili. A
 * guess, but a cheap one, and the convener can see the language on the complaint.
 */
const KISWAHILI = new Set([
  'na',
  'ya',
  'wa',
  'za',
  'kwa',
  'ni',
  'hakuna',
  'katika',
  'sisi',
  'mimi',
  'wao',
  'hii',
  'huu',
  'hapa',
  'kuna',
  'lakini',
  'kama',
  'dawa',
  'maji',
  'shule',
  'hospitali',
  'zahanati',
  'pesa',
  'rushwa',
  'hongo',
  'chakula',
  'watoto',
  'walimu',
  'daktari',
  'wiki',
  'siku',
  'tangu',
  'bila',
  'sana',
  'pia',
  'tafadhali',
  'msaada',
  'tatizo',
  'malalamiko',
  'serikali',
  'kaunti',
  'mradi',
  'kazi',
  'hawana',
  'hatuna',
]);

/**
 * Reads a message from the public: a command (STATUS/HALI, RATE/KADIRIA, INFO/ZAIDI followed by
 * a tracking number) or otherwise a new complaint. A message that starts with a command word
 * but carries no valid tracking number is taken as a complaint only when it is not a command
 * attempt: "STATUS" alone or "STATUS 123" gets the unknown-number answer.
 */
export function readInboundMessage(text: string | null | undefined): InboundCommand {
  const message = (text ?? '').trim();
  const language = guessLanguage(message);
  if (!message) return { kind: 'empty', language };
  if (message.length > MAX_MESSAGE_LENGTH) return { kind: 'too-long', language };
  const [first = '', second = '', ...rest] = message.split(/\s+/);
  const keyword = KEYWORDS.find((k) => k.word === first.toUpperCase());
  if (!keyword) return { kind: 'complaint', description: message, language };
  const trackingNumber = second;
  switch (keyword.kind) {
    case 'status':
      return { kind: 'status', trackingNumber, secret: rest[0] ?? null, language: keyword.language };
    case 'rate': {
      const rating = Number(rest[0]);
      return { kind: 'rate', trackingNumber, rating: Number.isInteger(rating) && rating >= 1 && rating <= 5 ? rating : null, language: keyword.language };
    }
    case 'add-information':
      return { kind: 'add-information', trackingNumber, information: rest.join(' '), language: keyword.language };
  }
}

export function guessLanguage(text: string): string {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  const kiswahili = words.filter((w) => KISWAHILI.has(w)).length;
  return kiswahili >= 2 && kiswahili * 5 >= words.length ? 'sw' : 'en';
}
