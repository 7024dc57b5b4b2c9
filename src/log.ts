import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Create the root logger: pretty lines on a terminal, JSON otherwise, level from LOG_LEVEL.
 * Logs go to stderr so that command output on stdout stays machine-readable.
 * Subscriber addresses and secrets are never logged: log subscriber ids instead.
 */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  const redact = ['apiKey', 'secret', 'password', 'smtpUrl', 'email', 'to', '*.email', '*.to'];

  if (process.stderr.isTTY && process.env.CI !== 'true') {
    return pino({
      level,
      redact,
      transport: { target: 'pino-pretty', options: { destination: 2, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } },
    });
  }
  return pino({ level, redact, base: { service: 'ai-daily-summary' } }, pino.destination(2));
}

/** Create a logger that writes nothing, for tests and library calls. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** Milliseconds since `start` (a `performance.now()` reading), rounded, for duration fields. */
export function elapsedMs(start: number): number {
  return Math.round(performance.now() - start);
}
