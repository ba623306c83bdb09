import { safeReturnPath, WORKSPACE_PATH } from './return-path.js';

describe('the page to return to after signing in', () => {
  it.each([
    ['/workspace/pacts/abc', '/workspace/pacts/abc'],
    ['/account?changed=1', '/account?changed=1'],
    ['/procurements/TCG/WTR/2026/003', '/procurements/TCG/WTR/2026/003'],
    // Still encoded, so it never splits the Location header.
    ['/%0d%0aSet-Cookie:x', '/%0d%0aSet-Cookie:x'],
  ])('keeps a path of this site: %s', (next, expected) => {
    expect(safeReturnPath(next)).toBe(expected);
  });

  it.each([
    'https://evil.example/login',
    '//evil.example/path',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    '/a\nb',
    '',
    undefined,
    ['/account'],
    '/login?next=/account',
    '/logout',
  ])('gives the workspace for anything else: %p', (next) => {
    expect(safeReturnPath(next)).toBe(WORKSPACE_PATH);
  });
});
