import { Command } from 'commander';
import { COMMANDS } from './commands/index.js';

export function buildProgram(): Command {
  const program = new Command('ketnoi')
    .description(
      'Kết nối: an event-sourced hub for international cooperation agreements between cities and donors',
    )
    .showHelpAfterError()
    .exitOverride();
  for (const register of COMMANDS) register(program);
  return program;
}
