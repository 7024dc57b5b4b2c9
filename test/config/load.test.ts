import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/load';

describe('loadConfig', () => {
  let folder: string;

  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ads-config-'));
  });

  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  function writeConfig(text: string): string {
    const file = path.join(folder, 'config.yaml');
    fs.writeFileSync(file, text);
    return file;
  }

  test('defaults without a config file', () => {
    const config = loadConfig({}, folder);
    expect(config.configPath).toBeNull();
    expect(config.dataDir).toBe(path.join(folder, 'data'));
    expect(config.publicUrl).toBe('http://127.0.0.1:8787');
    expect(config.smtpUrl).toBeNull();
    expect(config.anthropicApiKey).toBeNull();
    expect(config.compose.maxItems).toBe(60);
  });

  test('environment overrides the file', () => {
    const file = writeConfig('send:\n  smtpUrl: smtp://file.example:25\n');
    const config = loadConfig({ CONFIG: file, SMTP_URL: 'smtp://env.example:25', ANTHROPIC_API_KEY: ' ' }, folder);
    expect(config.smtpUrl).toBe('smtp://env.example:25');
    expect(config.anthropicApiKey).toBeNull();
  });

  test('rejects unknown keys by name', () => {
    const file = writeConfig('newsletter:\n  titel: typo\n');
    expect(() => loadConfig({ CONFIG: file }, folder)).toThrow(/newsletter.*titel|titel/);
  });

  test('rejects a missing CONFIG file', () => {
    expect(() => loadConfig({ CONFIG: path.join(folder, 'absent.yaml') }, folder)).toThrow(/not found; fix CONFIG/);
  });

  test('rejects plain http for a public PUBLIC_URL', () => {
    expect(() => loadConfig({ PUBLIC_URL: 'http://news.example.com' }, folder)).toThrow(/must use https/);
    expect(loadConfig({ PUBLIC_URL: 'https://news.example.com/' }, folder).publicUrl).toBe('https://news.example.com');
  });

  test('rejects an invalid PORT', () => {
    expect(() => loadConfig({ PORT: 'eighty' }, folder)).toThrow(/PORT=eighty/);
  });
});
