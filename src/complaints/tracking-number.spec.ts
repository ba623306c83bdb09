import {
  TRACKING_ALPHABET,
  checkCharacter,
  formatTrackingNumber,
  isValidTrackingNumber,
  newTrackingNumber,
  normaliseTrackingNumber,
} from './tracking-number.js';

describe('tracking numbers', () => {
  it('uses no look-alike characters', () => {
    for (const ch of '01OIL') expect(TRACKING_ALPHABET).not.toContain(ch);
    expect(new Set(TRACKING_ALPHABET).size).toBe(31);
  });

  it('are nine characters that check out, formatted PW-XXXX-XXXX-C', () => {
    for (let i = 0; i < 200; i++) {
      const number = newTrackingNumber();
      expect(number).toMatch(/^[2-9A-HJKMNP-Z]{9}$/);
      expect(isValidTrackingNumber(number)).toBe(true);
      expect(formatTrackingNumber(number)).toMatch(/^PW-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]$/);
    }
  });

  it('are accepted in any case, with or without dashes, spaces and prefix', () => {
    const number = newTrackingNumber();
    const formatted = formatTrackingNumber(number);
    for (const typed of [formatted, formatted.toLowerCase(), formatted.replace(/-/g, ''), number.toLowerCase(), ` ${number.slice(0, 4)} ${number.slice(4)} `]) {
      expect(normaliseTrackingNumber(typed)).toBe(number);
      expect(isValidTrackingNumber(typed)).toBe(true);
    }
  });

  it('refuses wrong lengths and characters outside the alphabet', () => {
    for (const typed of ['', 'ABC', 'PW-ABCD-EFGH', 'ABCDEFGH0', 'ABCDEFGHIJ', 'ABCDEFGHO']) expect(isValidTrackingNumber(typed)).toBe(false);
  });

  it('detects every single-character error', () => {
    const payload = 'K7M2XQ9B';
    const number = payload + checkCharacter(payload);
    for (let position = 0; position < number.length; position++) {
      for (const ch of TRACKING_ALPHABET) {
        if (ch === number[position]) continue;
        const typo = number.slice(0, position) + ch + number.slice(position + 1);
        expect(isValidTrackingNumber(typo)).toBe(false);
      }
    }
  });

  it('detects every swap of two adjacent different characters', () => {
    for (let i = 0; i < 500; i++) {
      const number = newTrackingNumber();
      for (let position = 0; position < number.length - 1; position++) {
        if (number[position] === number[position + 1]) continue;
        const swapped = number.slice(0, position) + number[position + 1] + number[position] + number.slice(position + 2);
        expect(isValidTrackingNumber(swapped)).toBe(false);
      }
    }
  });
});
