// Deep imports, not '@ketnoi/config': its index also loads the Nest module, which a CLI call
// that only reads the environment must not pay for.
import { ConfigError } from '../../../../libs/config/src/config-error.js';
import type { KetnoiConfig } from '../../../../libs/config/src/ketnoi-config.js';
import { loadConfig } from '../../../../libs/config/src/load-config.js';
import { CliError } from './cli-command.js';

export interface CliConfigOverrides {
  /** `--data-dir`: wins over $KETNOI_DATA_DIR. */
  readonly dataDir?: string;
  /** The node a running hub says it is, when the caller named no data dir of its own. */
  readonly nodeId?: string;
}

/** The configuration `ketnoi start` would read from this environment, with a bad variable as one CLI line. */
export function cliConfig(overrides: CliConfigOverrides = {}): KetnoiConfig {
  const env: Record<string, string | undefined> = { ...process.env };
  if (overrides.dataDir !== undefined) env.KETNOI_DATA_DIR = overrides.dataDir;
  if (overrides.nodeId !== undefined) env.KETNOI_NODE_ID = overrides.nodeId;
  try {
    return loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
}

/** Whether the caller chose the data dir (flag or environment), rather than the node id's default. */
export const dataDirChosen = (dataDir: string | undefined): boolean =>
  dataDir !== undefined || (process.env.KETNOI_DATA_DIR ?? '').trim() !== '';

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
