/** The GSM 03.38 alphabet: text made only of these travels at 7 bits a character. */
const GSM_BASIC = new Set('@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà');
/** Characters of the GSM extension table, sent as an escape and a character: they count twice. */
const GSM_EXTENDED = new Set('^{}\\[~]|€\f');

/** SMS a notification may take: a message longer than three parts costs more than it tells. */
export const MAX_SMS_PARTS = 3;

export interface SmsSize {
  encoding: 'GSM-7' | 'UCS-2';
  /** Characters as the network counts them: septets for GSM-7, UTF-16 code units for UCS-2. */
  length: number;
  /** The most that fits in MAX_SMS_PARTS concatenated parts (459 for GSM-7, 201 for UCS-2). */
  limit: number;
}

/**
 * How long a text is as an SMS. One character outside the GSM alphabet (a curly quote, an
 * emoji) sends the whole message as UCS-2, where a part holds 67 characters instead of 153.
 */
export function smsSize(text: string): SmsSize {
  let septets = 0;
  for (const character of text) {
    if (GSM_BASIC.has(character)) septets += 1;
    else if (GSM_EXTENDED.has(character)) septets += 2;
    else return { encoding: 'UCS-2', length: text.length, limit: 67 * MAX_SMS_PARTS };
  }
  return { encoding: 'GSM-7', length: septets, limit: 153 * MAX_SMS_PARTS };
}
