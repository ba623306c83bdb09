import { Module } from '@nestjs/common';
import { AdminCreateCommand } from './admin-create.command.js';
import { AuditVerifyCommand } from './audit-verify.command.js';
import { CreateAppRoleCommand } from './create-app-role.command.js';
import { MigrateCommand } from './migrate.command.js';
import { OcdsExportCommand } from './ocds-export.command.js';
import { OcdsImportCommand } from './ocds-import.command.js';
import { SeedCommand } from './seed.command.js';

/**
 * The command-line tools. Booting this module starts nothing: each command opens, in its run(),
 * only what it needs — a bare database connection for migrate and audit:verify, the platform's
 * modules without HTTP for the others — so `--help` answers at once.
 */
@Module({ providers: [MigrateCommand, AuditVerifyCommand, OcdsImportCommand, OcdsExportCommand, SeedCommand, AdminCreateCommand, CreateAppRoleCommand] })
export class CliModule {}
