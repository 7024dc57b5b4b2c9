import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { AppError } from '../errors';
import { configFileSchema, type ConfigFile } from './schema';

export const DEFAULT_PUBLIC_URL = 'http://127.0.0.1:8787';

/** The settings every stage reads: the config file merged with the environment. */
export interface Config extends ConfigFile {
  configPath: string | null;
  dataDir: string;
  publicUrl: string;
  host: string;
  port: number;
  anthropicApiKey: string | null;
  anthropicBaseUrl: string | null;
  smtpUrl: string | null;
  /** From SECRET; null means "generate one into DATA_DIR" (see subscriptions/secret.ts). */
  secret: string | null;
  operatorToken: string | null;
  logLevel: string;
}

type Env = Record<string, string | undefined>;

/**
 * Load the config file named by CONFIG (default ./config/config.yaml) and apply the environment.
 * Precedence: built-in defaults < config file < environment. A missing default file is fine;
 * a missing file named by CONFIG is an error.
 */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): Config {
  const explicitPath = nonEmpty(env.CONFIG);
  const configPath = path.resolve(cwd, explicitPath ?? 'config/config.yaml');
  const file = readConfigFile(configPath, explicitPath !== null);

  const publicUrl = (nonEmpty(env.PUBLIC_URL) ?? DEFAULT_PUBLIC_URL).replace(/\/+$/, '');
  validatePublicUrl(publicUrl);

  const port = Number(nonEmpty(env.PORT) ?? '8787');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new AppError('CONFIG_INVALID', `PORT=${env.PORT} is not a port number; set PORT to an integer from 0 to 65535`);
  }

  return {
    ...file,
    configPath: fs.existsSync(configPath) ? configPath : null,
    dataDir: path.resolve(cwd, nonEmpty(env.DATA_DIR) ?? 'data'),
    publicUrl,
    host: nonEmpty(env.HOST) ?? '127.0.0.1',
    port,
    anthropicApiKey: nonEmpty(env.ANTHROPIC_API_KEY),
    anthropicBaseUrl: nonEmpty(env.ANTHROPIC_BASE_URL),
    smtpUrl: nonEmpty(env.SMTP_URL) ?? file.send.smtpUrl ?? null,
    secret: nonEmpty(env.SECRET),
    operatorToken: nonEmpty(env.OPERATOR_TOKEN),
    logLevel: nonEmpty(env.LOG_LEVEL) ?? 'info',
  };
}

/** Return whether a URL's host is on this machine, where plain http and a generated SECRET are acceptable. */
export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function readConfigFile(configPath: string, required: boolean): ConfigFile {
  if (!fs.existsSync(configPath)) {
    if (required) {
      throw new AppError('CONFIG_INVALID', `config file ${configPath} not found; fix CONFIG or create the file`);
    }
    return configFileSchema.parse({});
  }

  let raw: unknown;
  try {
    raw = YAML.parse(fs.readFileSync(configPath, 'utf8')) ?? {};
  } catch (error) {
    throw new AppError('CONFIG_INVALID', `config file ${configPath} is not valid YAML: ${(error as Error).message}`);
  }

  const parsed = configFileSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new AppError('CONFIG_INVALID', `config file ${configPath} is invalid: ${problems.join('; ')}`);
  }
  return parsed.data;
}

function validatePublicUrl(publicUrl: string): void {
  const parsed = z.url({ protocol: /^https?$/ }).safeParse(publicUrl);
  if (!parsed.success) {
    throw new AppError('CONFIG_INVALID', `PUBLIC_URL=${publicUrl} is not an http(s) URL; set it to the address readers reach, such as https://news.example.com`);
  }
  if (!publicUrl.startsWith('https:') && !isLoopbackUrl(publicUrl)) {
    throw new AppError('CONFIG_INVALID', `PUBLIC_URL=${publicUrl} must use https unless it is a loopback address, because mailbox providers require https unsubscribe links`);
  }
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value.trim() === '' ? null : value.trim();
}
