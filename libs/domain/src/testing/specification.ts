import { expect } from '@jest/globals';
import type { AgreementCommand } from '../agreement/commands.js';
import { decide } from '../agreement/decide.js';
import type { AgreementEvent } from '../agreement/events.js';
import { evolve, fold } from '../agreement/evolve.js';
import type { Agreement } from '../agreement/state.js';
import { DomainError, type DomainErrorCode } from '../errors.js';

/**
 * Domain tests as specifications:
 *   given([drafted, proposed]).when(countersign).then([countersigned])
 *   given([drafted]).when(activate).thenThrows('ILLEGAL_TRANSITION')
 * `given` folds the history through `evolve` and `when` runs `decide`, so the
 * real decider is under test, never a stand-in.
 */
export interface Specification {
  when(command: AgreementCommand): Outcome;
}

export interface Outcome {
  /** The command records exactly these events. */
  then(expected: AgreementEvent[]): void;
  /** The command is refused with this code (and, when given, this field). */
  thenThrows(code: DomainErrorCode, field?: string): DomainError;
  /** The state after the history and the recorded events satisfies `check`. */
  thenState(check: (state: Agreement) => void): void;
}

export function given(history: readonly AgreementEvent[]): Specification {
  return {
    when(command) {
      const run = (): AgreementEvent[] => decide(command, fold(history));
      return {
        then(expected) {
          expect(run()).toEqual(expected);
        },
        thenThrows(code, field) {
          let refusal: unknown;
          try {
            run();
          } catch (error) {
            refusal = error;
          }
          if (!(refusal instanceof DomainError)) {
            throw new Error(
              `expected a DomainError ${code}, got ${refusal === undefined ? 'no error' : String(refusal)}`,
            );
          }
          expect({ code: refusal.code, field: field === undefined ? undefined : refusal.field }).toEqual({
            code,
            field,
          });
          expect(refusal.reason.length).toBeGreaterThan(0);
          return refusal;
        },
        thenState(check) {
          check(run().reduce(evolve, fold(history)));
        },
      };
    },
  };
}
