import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/**
 * The module boundaries of src/ (README, "Code layout") hold: no two folders import each other,
 * shared folders import no feature, nothing but the root imports app.module. Runs the same check
 * as `npm run check:boundaries`, so `npm test` fails on a bad import too.
 */
describe('module boundaries', () => {
  it('npm run check:boundaries finds no violation', async () => {
    const result = await promisify(execFile)(process.execPath, ['scripts/check-boundaries.mjs'], { env: { ...process.env, NODE_OPTIONS: '' } }).then(
      ({ stdout }) => ({ code: 0, stdout }),
      (error: { code: number; stdout: string }) => ({ code: error.code, stdout: error.stdout }),
    );
    expect(result).toEqual({ code: 0, stdout: expect.stringContaining('no dependency violations found') });
  }, 60_000);
});
