import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { AppConfig } from './app-config.js';

export type ResolvedConfig = AppConfig & { signingKey: string; tokenSecret: string };

/**
 * Fills in the secrets the environment left unset by generating them once into the data
 * folder, so the embedded default keeps the same signing key and tokens across restarts.
 */
export async function resolveSecrets(config: AppConfig): Promise<ResolvedConfig> {
  return {
    ...config,
    signingKey: config.signingKey ?? (await readOrCreateSecret(join(config.dataDir, 'signing-key'), newSigningKey)),
    tokenSecret: config.tokenSecret ?? (await readOrCreateSecret(join(config.dataDir, 'token-secret'), () => randomBytes(32).toString('base64url'))),
    contactEncryptionKey:
      config.contactEncryptionKey ?? (await readOrCreateSecret(join(config.dataDir, 'contact-encryption-key'), () => randomBytes(32).toString('base64'))),
  };
}

/** Base64 of a PKCS#8 DER Ed25519 private key: one line, so it fits an environment variable. */
export function newSigningKey(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
}

export async function readOrCreateSecret(file: string, create: () => string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const secret = create();
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
