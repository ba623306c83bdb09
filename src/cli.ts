import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { CliModule } from './cli/cli.module.js';

/**
 * `node dist/src/cli.js <command>` (`npm run cli -- <command>` from the sources): migrate,
 * audit:verify, ocds:import, ocds:export, seed, admin:create, db:create-app-role. `--help` lists them; `<command> --help` explains one.
 */
await CommandFactory.run(CliModule, { logger: ['error', 'warn'], cliName: 'pactwatch' });
// A command leaves no work behind; stray handles of libraries must not keep the process alive.
process.exit(process.exitCode ?? 0);
