/**
 * A configuration value the hub cannot start with. The message is the single line printed on
 * stderr before exiting with code 1, so it names the variable, what it expects and what it got.
 */
export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIGURATION';
  constructor(
    /** The environment variable at fault. */
    readonly variable: string,
    /** What the variable expects, e.g. `an integer from 0 to 65535`. */
    readonly expected: string,
    /** The raw value given, when showing it helps (never for secrets). */
    readonly got?: string,
  ) {
    super(
      `Invalid configuration: ${variable} must be ${expected}${got === undefined ? '' : ` (got ${JSON.stringify(got)})`}`,
    );
    this.name = 'ConfigError';
  }
}
