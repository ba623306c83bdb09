/** Where a signed-in person lands when they came to /login on their own. */
export const WORKSPACE_PATH = '/workspace';

/**
 * The page to go back to after signing in, if it is a path on this site; anything else (another
 * host, `//host`, `/\host`, a scheme, control characters) gives the workspace, so a link to our
 * sign-in page cannot send someone on to a look-alike site afterwards.
 */
export function safeReturnPath(next: unknown): string {
  if (typeof next !== 'string' || !/^\/(?![/\\])/.test(next) || /[\p{Cc}\\]/u.test(next)) return WORKSPACE_PATH;
  const base = 'http://return.invalid';
  let parsed: URL;
  try {
    parsed = new URL(next, base);
  } catch {
    return WORKSPACE_PATH;
  }
  if (parsed.origin !== base || parsed.pathname === '/login' || parsed.pathname === '/logout') return WORKSPACE_PATH;
  return `${parsed.pathname}${parsed.search}`;
}
