import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createContext, type AppContext } from '../../src/context';
import { silentLogger } from '../../src/log';

export interface TestContext extends AppContext {
  /** Remove the temp data folder after closing the database. */
  cleanup(): void;
}

/** Create a context on a fresh temp DATA_DIR with its own SQLite file, an empty config and a silent logger. */
export function createTestContext(env: Record<string, string | undefined> = {}): TestContext {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ads-test-'));
  const configPath = path.join(dataDir, 'config.yaml');
  if (env.CONFIG === undefined) fs.writeFileSync(configPath, '{}\n');

  const context = createContext({
    env: { DATA_DIR: dataDir, CONFIG: configPath, PUBLIC_URL: 'http://127.0.0.1:8787', ...env },
    logger: silentLogger(),
  });

  return {
    ...context,
    cleanup() {
      context.db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
