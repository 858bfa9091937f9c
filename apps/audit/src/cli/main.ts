import { CommanderError } from 'commander';
import { CliError } from './cli-command.js';
import { buildProgram } from './program.js';

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Commander already printed the help or the usage error.
    process.exitCode = error.exitCode;
  } else if (error instanceof CliError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  } else {
    // Not rethrown: Node would print the source line of the top frame, which in a minified
    // dependency (PGlite's WebAssembly glue) is one line of 20 KB. The stack names the place.
    process.stderr.write(`ketnoi: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  }
}
