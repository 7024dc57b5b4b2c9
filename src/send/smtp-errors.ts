import { errorMessage } from '../errors';

/** Classification of a failed send, which decides the delivery's next status. */
export interface SendFailure {
  /** `bounce`: permanent (5xx), never retried. `retry`: transient (4xx or no SMTP reply). */
  kind: 'bounce' | 'retry';
  /** The SMTP reply code, or null for connection and protocol errors. */
  responseCode: number | null;
  /** The server asked us to slow down (421) or closed the connection on us. */
  slowDown: boolean;
  /** Stored as the delivery's last_error; starts with the reply code when there is one. */
  reason: string;
}

/** Classify an error thrown by nodemailer's sendMail. */
export function classifySendError(error: unknown): SendFailure {
  const details = error as { responseCode?: unknown; response?: unknown; code?: unknown };
  const responseCode = typeof details.responseCode === 'number' ? details.responseCode : null;
  const response = typeof details.response === 'string' ? details.response : errorMessage(error);
  const reason = truncate((responseCode === null ? `${String(details.code ?? 'error')}: ${errorMessage(error)}` : response).replace(/\s+/g, ' ').trim());

  if (responseCode !== null && responseCode >= 500) {
    return { kind: 'bounce', responseCode, slowDown: false, reason };
  }
  return { kind: 'retry', responseCode, slowDown: responseCode === 421, reason };
}

function truncate(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
