import { z } from 'zod';
import { AppError } from '../errors';

/** RFC 5321 limits: 254 characters for a path's address, 64 for its local part. */
const MAX_ADDRESS_LENGTH = 254;
const MAX_LOCAL_PART_LENGTH = 64;
const MAX_NAME_LENGTH = 100;

const emailSchema = z.email();

/** Check an address against zod's email syntax and the RFC 5321 length limits. */
export function isValidEmail(value: string): boolean {
  const localPart = value.slice(0, value.lastIndexOf('@'));
  if (value.length > MAX_ADDRESS_LENGTH || localPart.length > MAX_LOCAL_PART_LENGTH) return false;
  return emailSchema.safeParse(value).success;
}

/** Trim an address and check it; throws SUBSCRIBER_INVALID naming the value otherwise. */
export function normalizeEmail(value: string): string {
  const email = value.trim();
  if (!isValidEmail(email)) {
    throw new AppError('SUBSCRIBER_INVALID', `"${printable(email)}" is not a valid email address; expected a form like jane@example.com`);
  }
  return email;
}

/**
 * Clean a display name for storage. Control characters, CR and LF among them, become spaces,
 * because the name later goes into a To: header. Runs of spaces collapse, and empty becomes null.
 */
export function normalizeName(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const name = value.replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, MAX_NAME_LENGTH).trim();
  return name === '' ? null : name;
}

/** Make a value safe to echo in a one-line message: control characters become `?`, and the value is cut at 80 characters. */
function printable(value: string): string {
  const cleaned = value.replace(/\p{Cc}/gu, '?');
  return cleaned.length > 80 ? `${cleaned.slice(0, 80)}…` : cleaned;
}
