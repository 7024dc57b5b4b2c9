import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';
import { isLoopbackUrl, type Config } from '../config/load';

export const SECRET_FILE = 'secret.key';

/**
 * Return the key that signs unsubscribe and confirmation tokens: SECRET when set; otherwise,
 * for a loopback PUBLIC_URL only, a random key generated once into DATA_DIR/secret.key.
 * A public deployment must set SECRET so that tokens survive a lost data folder.
 */
export function resolveSecret(config: Pick<Config, 'secret' | 'dataDir' | 'publicUrl'>): string {
  if (config.secret !== null) {
    if (config.secret.length < 16) {
      throw new AppError('CONFIG_INVALID', 'SECRET is shorter than 16 characters; set it to a long random string, for example `openssl rand -hex 32`');
    }
    return config.secret;
  }

  if (!isLoopbackUrl(config.publicUrl)) {
    throw new AppError('CONFIG_INVALID', `SECRET is not set while PUBLIC_URL=${config.publicUrl} is public; set SECRET to a long random string, for example \`openssl rand -hex 32\``);
  }

  const file = path.join(config.dataDir, SECRET_FILE);
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();

  fs.mkdirSync(config.dataDir, { recursive: true });
  const generated = crypto.randomBytes(32).toString('hex');
  try {
    fs.writeFileSync(file, generated + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process created it between the check and the write: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return fs.readFileSync(file, 'utf8').trim();
    throw error;
  }
  return generated;
}
