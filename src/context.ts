import { loadConfig, type Config } from './config/load';
import { createLogger, type Logger } from './log';
import { openDatabase, type Database } from './store/db';
import { resolveSecret } from './subscriptions/secret';

/** The config, database, logger and secret that every command, job and HTTP handler uses. */
export interface AppContext {
  config: Config;
  db: Database;
  logger: Logger;
  /** Key that signs subscriber tokens (SECRET, or generated into DATA_DIR for loopback use). */
  secret: string;
}

export interface ContextOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  logger?: Logger;
}

/** Load the config, open the database (applying migrations) and resolve the token secret. */
export function createContext(options: ContextOptions = {}): AppContext {
  const config = loadConfig(options.env ?? process.env, options.cwd ?? process.cwd());
  const logger = options.logger ?? createLogger(config.logLevel);
  const db = openDatabase(config.dataDir);
  const secret = resolveSecret(config);
  return { config, db, logger, secret };
}
