import type { Command } from 'commander';

/**
 * One `ketnoi` command. Each lives in its own file under commands/ and adds itself to the
 * program; adding a command is one new file plus one line in commands/index.ts.
 */
export type CliCommand = (program: Command) => void;

/** A failure the user can act on: printed as one line on stderr, exit code 1, no stack trace. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}
