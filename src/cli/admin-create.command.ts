import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { createInterface } from 'node:readline';
import { Command, CommandRunner, Option } from 'nest-commander';
import { AccountsService } from '../accounts/accounts.service.js';
import { CreatePlatformAdministratorInput } from '../accounts/inputs/create-platform-administrator.input.js';
import { DomainError } from '../errors/domain-error.js';
import { withPlatform } from './platform.js';

interface AdminOptions {
  email?: string;
  name?: string;
}

/**
 * The first account of a production install (demo data is off there). The password is read from
 * standard input, never from the command line, where it would sit in the shell's history and in
 * the process list: `printf '%s\n' "$PASSWORD" | node dist/src/cli.js admin:create --email … --name …`.
 */
@Command({ name: 'admin:create', description: 'create a platform administrator account (password read from standard input)' })
export class AdminCreateCommand extends CommandRunner {
  async run(_: string[], options: AdminOptions): Promise<void> {
    const input = plainToInstance(CreatePlatformAdministratorInput, { email: options.email, name: options.name, password: await firstLineOfStdin() });
    const problems = (await validate(input)).flatMap((error) => Object.values(error.constraints ?? {}));
    if (problems.length) {
      for (const problem of problems) console.log(`refused: ${problem}`);
      process.exitCode = 1;
      return;
    }
    try {
      await withPlatform(async (platform) => {
        const user = await platform.get(AccountsService).createPlatformAdministrator(input);
        console.log(`created platform administrator ${user.email} (${user.id})`);
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      console.log(`refused: ${error.message}`);
      process.exitCode = 1;
    }
  }

  @Option({ flags: '--email <email>', description: 'the administrator’s login', required: true })
  parseEmail(email: string): string {
    return email;
  }

  @Option({ flags: '--name <name>', description: 'the administrator’s full name', required: true })
  parseName(name: string): string {
    return name;
  }
}

async function firstLineOfStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('password (at least 12 characters): ');
  for await (const line of createInterface({ input: process.stdin })) return line;
  return '';
}
