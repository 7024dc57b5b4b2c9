import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestContext, type TestContext } from '../helpers/context';

/** Create a test context whose config file contains `yaml`, with extra environment variables. */
export function createConfiguredContext(yaml: string, env: Record<string, string> = {}): TestContext {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ads-compose-config-'));
  const configPath = path.join(folder, 'config.yaml');
  fs.writeFileSync(configPath, yaml);
  const created = createTestContext({ CONFIG: configPath, ...env });
  return {
    ...created,
    cleanup() {
      created.cleanup();
      fs.rmSync(folder, { recursive: true, force: true });
    },
  };
}
