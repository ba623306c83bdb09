import { readFileSync } from 'node:fs';
import { PLAIN_TEXT, detectEvidenceType } from './evidence-type.js';

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/evidence/${name}`, import.meta.url));

describe('evidence type, decided by content', () => {
  it('accepts documents and images by their magic numbers', async () => {
    expect(await detectEvidenceType(fixture('tender-opening-minutes.pdf'))).toEqual({ mime: 'application/pdf', allowed: true });
    expect(await detectEvidenceType(fixture('site-photo.png'))).toEqual({ mime: 'image/png', allowed: true });
    expect(await detectEvidenceType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]))).toEqual({
      mime: 'image/jpeg',
      allowed: true,
    });
    expect(await detectEvidenceType(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'))).toEqual({ mime: 'image/gif', allowed: true });
  });

  it('sees through a misleading name', async () => {
    expect(await detectEvidenceType(fixture('invoice.pdf'))).toEqual({ mime: 'application/x-elf', allowed: false });
    expect(await detectEvidenceType(fixture('statement.pdf'))).toEqual({ mime: 'text/html', allowed: false });
  });

  it('accepts UTF-8 text without a magic number', async () => {
    expect(await detectEvidenceType(fixture('interview-notes.txt'))).toEqual({ mime: PLAIN_TEXT, allowed: true });
    expect(await detectEvidenceType(Buffer.from('Bid from Lodwar Medical: KES 1,200,000 — received 10:02\n'))).toEqual({ mime: PLAIN_TEXT, allowed: true });
  });

  it('refuses binary that is not text, and markup a browser would run', async () => {
    expect(await detectEvidenceType(Buffer.from('abc\u0000def'))).toEqual({ mime: 'application/octet-stream', allowed: false });
    expect(await detectEvidenceType(Buffer.from([0x61, 0xc3, 0x28, 0x62]))).toEqual({ mime: 'application/octet-stream', allowed: false });
    expect(await detectEvidenceType(Buffer.from('  <svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>'))).toEqual({
      mime: 'image/svg+xml',
      allowed: false,
    });
    expect(await detectEvidenceType(Buffer.from('<?xml version="1.0"?><a/>'))).toEqual({ mime: 'application/xml', allowed: false });
    expect(await detectEvidenceType(Buffer.from('PK\u0003\u0004\u0014\u0000\u0000\u0000\u0000\u0000', 'latin1'))).toMatchObject({ allowed: false });
  });

  it('keeps text that merely mentions markup', async () => {
    expect(await detectEvidenceType(Buffer.from('The bidder wrote <html> in the field instead of a price.'))).toEqual({ mime: PLAIN_TEXT, allowed: true });
  });
});
