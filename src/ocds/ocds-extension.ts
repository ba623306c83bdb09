import { readFile } from 'node:fs/promises';
import { notFound } from '../errors/domain-error.js';
import { extensionReleaseSchema } from './ocds-validation.js';

// Loaded as a module so that the build copies it next to the code, as it does the release schema.
const extensionMetadata = (await import('./extension/extension.json', { with: { type: 'json' } })).default;

/** Where the extension's files are served, relative to the platform's address (see OcdsController). */
export const EXTENSION_PATH = '/ocds/extension';

export interface ExtensionFile {
  content: string | Buffer;
  contentType: string;
}

const JSON_FILES: Record<string, unknown> = { 'extension.json': extensionMetadata, 'release-schema.json': extensionReleaseSchema };
const TEXT_FILES: Record<string, string> = { 'README.md': 'text/markdown; charset=utf-8', 'codelists/+partyRole.csv': 'text/csv; charset=utf-8' };

/**
 * A file of the Pactwatch extension, served so that the `extensions` URL of every exported
 * package resolves for OCDS tools. The documentation and codelist are read from beside this
 * module: the TypeScript build copies only the JSON files, so a compiled installation answers
 * NOT_FOUND for those two until its build copies `src/ocds/extension/` as well.
 */
export async function extensionFile(name: string): Promise<ExtensionFile> {
  if (name in JSON_FILES) return { content: `${JSON.stringify(JSON_FILES[name], null, 2)}\n`, contentType: 'application/json' };
  const contentType = TEXT_FILES[name];
  if (!contentType) throw notFound('Extension file', name);
  try {
    return { content: await readFile(new URL(`./extension/${name}`, import.meta.url)), contentType };
  } catch {
    throw notFound('Extension file', name);
  }
}
