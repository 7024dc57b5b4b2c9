import { signToken, verifyToken } from '../../src/subscriptions/tokens';

const SECRET = 'test-secret-0123456789abcdef';

describe('subscriber tokens', () => {
  test('round-trip for the signed purpose', () => {
    const token = signToken(SECRET, 42, 'unsubscribe');
    expect(verifyToken(SECRET, token, 'unsubscribe')).toBe(42);
  });

  test('reject another purpose or secret', () => {
    const token = signToken(SECRET, 42, 'unsubscribe');
    expect(verifyToken(SECRET, token, 'confirm')).toBeNull();
    expect(verifyToken('another-secret-0123456789', token, 'unsubscribe')).toBeNull();
  });

  test('reject expired confirmation tokens', () => {
    const token = signToken(SECRET, 7, 'confirm', new Date('2025-01-01T00:00:00Z'));
    expect(verifyToken(SECRET, token, 'confirm', new Date('2024-12-31T00:00:00Z'))).toBe(7);
    expect(verifyToken(SECRET, token, 'confirm', new Date('2025-01-02T00:00:00Z'))).toBeNull();
  });

  test('reject tampered tokens', () => {
    const token = signToken(SECRET, 42, 'unsubscribe');
    const [, expiry, signature] = token.split('.');
    expect(verifyToken(SECRET, `43.${expiry}.${signature}`, 'unsubscribe')).toBeNull();
    expect(verifyToken(SECRET, `${token}x`, 'unsubscribe')).toBeNull();
    expect(verifyToken(SECRET, 'garbage', 'unsubscribe')).toBeNull();
  });
});
