import type { CliCommand } from '../cli-command.js';
import { auditCommand } from './audit.command.js';
import { demoCommand } from './demo.command.js';
import { exportIatiCommand } from './export-iati.command.js';
import { importIatiCommand } from './import-iati.command.js';
import { keysCommand } from './keys.command.js';
import { projectionsCommand } from './projections.command.js';
import { quarantineCommand } from './quarantine.command.js';
import { startCommand } from './start.command.js';
import { tokenCommand } from './token.command.js';

/** Every `ketnoi` command, in the order `--help` lists them. */
export const COMMANDS: readonly CliCommand[] = [startCommand, demoCommand, keysCommand, exportIatiCommand, importIatiCommand, quarantineCommand, projectionsCommand, tokenCommand, auditCommand];
