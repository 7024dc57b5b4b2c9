/**
 * Every expected failure of the product, with the CLI exit code it maps to. Expected failures
 * print one line without a stack; anything else is a bug and is logged with its stack.
 */
export const ERROR_CODES = {
  CONFIG_INVALID: { exitCode: 2, description: 'The config file or an environment variable is invalid.' },
  USAGE: { exitCode: 2, description: 'A command was called with invalid arguments.' },
  FEED_FETCH_FAILED: { exitCode: 1, description: 'A feed could not be fetched (network, HTTP status, size or time limit).' },
  FEED_PARSE_FAILED: { exitCode: 1, description: 'A feed was fetched but is not RSS, Atom or JSON Feed.' },
  FEED_NOT_FOUND: { exitCode: 1, description: 'No feed with that URL or id is configured.' },
  NO_FEEDS: { exitCode: 1, description: 'No feed could be collected, so no issue was made.' },
  NO_ITEMS: { exitCode: 1, description: 'No new items to compose an issue from.' },
  ISSUE_NOT_FOUND: { exitCode: 1, description: 'No issue with that id.' },
  ISSUE_STATE: { exitCode: 1, description: 'The issue is not in a state that allows the action.' },
  COMPOSE_FAILED: { exitCode: 1, description: 'The composer could not produce a valid digest.' },
  RENDER_FAILED: { exitCode: 1, description: 'An issue could not be rendered: a template failed to compile, or the email cannot fit its size budget.' },
  SEND_FAILED: { exitCode: 1, description: 'Delivery failed for the whole issue (transport unreachable).' },
  SUBSCRIBER_INVALID: { exitCode: 1, description: 'An email address or subscriber record is invalid.' },
  SUBSCRIBER_NOT_FOUND: { exitCode: 1, description: 'No subscriber with that address.' },
  BACKUP_FAILED: { exitCode: 1, description: 'The database could not be copied to the backup file.' },
  LOCKED: { exitCode: 1, description: 'Another process holds the lock for this job.' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An expected failure: the message names the input and the fix; `details` carries ids for logs. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get exitCode(): number {
    return ERROR_CODES[this.code].exitCode;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Return the message of any thrown value, for logs and reports. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
