import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stylesheet } from './stylesheet.js';

describe('the stylesheet', () => {
  let folder: string;
  let source: string;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'pactwatch-stylesheet-'));
    source = join(folder, 'site.scss');
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  it('is compiled on first use, kept under its version, and replaced when the source changes', async () => {
    const cache = join(folder, 'cache');
    await writeFile(source, '$ink: #0b0c0c; .page { color: $ink; }');
    const first = await stylesheet(source, cache);
    expect(await first.css()).toBe('.page{color:#0b0c0c}');
    expect(await readdir(cache)).toEqual([`pactwatch-${first.version}.css`]);
    expect((await stylesheet(source, cache)).version).toBe(first.version);

    await writeFile(source, '.page { color: red; }');
    const second = await stylesheet(source, cache);
    expect(second.version).not.toBe(first.version);
    expect(await second.css()).toBe('.page{color:red}');
    expect(await readdir(cache)).toEqual([`pactwatch-${second.version}.css`]);
  });

  it('is still served when the cache cannot be written', async () => {
    const notAFolder = join(folder, 'file');
    await writeFile(notAFolder, '');
    await writeFile(source, '.page { margin: 0; }');
    expect(await (await stylesheet(source, notAFolder)).css()).toBe('.page{margin:0}');
  });
});
