import { DomainError } from '../../../../../libs/domain/src/errors.js';
import { timeBound, type RangeEnd } from '../../../../../libs/domain/src/values/time-bounds.js';
import { CliError } from '../cli-command.js';

/** A time flag through the domain's one rule (a bare date is the whole UTC day), refused as one line naming the flag. */
export function cliTime(flag: string, raw: string, end: RangeEnd): string {
  try {
    return timeBound(raw, end, flag);
  } catch (error) {
    if (error instanceof DomainError) throw new CliError(`${flag} ${error.reason}`);
    throw error;
  }
}
