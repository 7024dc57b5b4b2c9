import { headerSafe, listHeaders, addressDomain } from '../../src/send/headers';
import { isDeliverableAddress } from '../../src/send/message';
import { AdaptiveRateLimiter } from '../../src/send/rate-limiter';
import { classifySendError } from '../../src/send/smtp-errors';

describe('classifySendError', () => {
  test.each([
    [{ responseCode: 550, response: '550 5.1.1 no such user' }, 'bounce', false],
    [{ responseCode: 554, response: '554 rejected' }, 'bounce', false],
    [{ responseCode: 450, response: '450 4.2.1 busy' }, 'retry', false],
    [{ responseCode: 421, response: '421 4.7.0 too many connections' }, 'retry', true],
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }, 'retry', false],
  ])('%o is %s', (error, kind, slowDown) => {
    const failure = classifySendError(Object.assign(new Error(String((error as { message?: string }).message ?? 'x')), error));

    expect(failure.kind).toBe(kind);
    expect(failure.slowDown).toBe(slowDown);
  });

  test('reason starts with the reply code', () => {
    const failure = classifySendError(Object.assign(new Error('x'), { responseCode: 451, response: '451 4.3.0\r\n temporary' }));

    expect(failure.reason).toBe('451 4.3.0 temporary');
    expect(failure.responseCode).toBe(451);
  });

  test('connection error has no reply code', () => {
    const failure = classifySendError(Object.assign(new Error('socket closed'), { code: 'ESOCKET' }));

    expect(failure.responseCode).toBeNull();
    expect(failure.reason).toBe('ESOCKET: socket closed');
  });
});

describe('AdaptiveRateLimiter', () => {
  test('spaces messages at the rate', async () => {
    const limiter = new AdaptiveRateLimiter(50);
    const start = performance.now();

    for (let index = 0; index < 11; index += 1) await limiter.acquire();

    expect(performance.now() - start).toBeGreaterThanOrEqual(180);
  });

  test('slowDown halves to a floor', () => {
    const limiter = new AdaptiveRateLimiter(8);

    limiter.slowDown();
    expect(limiter.currentRate).toBe(4);
    for (let index = 0; index < 10; index += 1) limiter.slowDown();
    expect(limiter.currentRate).toBe(1);
  });

  test('aborted signal stops waiting', async () => {
    const limiter = new AdaptiveRateLimiter(0.1);
    const controller = new AbortController();
    await limiter.acquire(controller.signal);
    setTimeout(() => controller.abort(), 20);
    const start = performance.now();

    await limiter.acquire(controller.signal);

    expect(performance.now() - start).toBeLessThan(1000);
  });
});

describe('headers', () => {
  test('headerSafe removes CR and LF', () => {
    expect(headerSafe('Jane Doe\r\nBcc: someone@example.net')).toBe('Jane Doe Bcc: someone@example.net');
    expect(headerSafe('a\u0000b\tc')).toBe('a b c');
  });

  test('listHeaders cannot be split by data', () => {
    const headers = listHeaders({
      unsubscribeUrl: 'https://example.com/u/t\r\nBcc: x@example.net',
      unsubscribeMailto: 'unsubscribe@example.com\nX-Evil: 1',
      token: 't\r\n',
      listId: 'list.example.com',
      listName: 'Daily <News>\r\n',
    });

    for (const value of Object.values(headers)) expect(value).not.toMatch(/[\r\n]/);
    expect(headers['List-Id']).toBe('Daily News <list.example.com>');
  });

  test('addressDomain reads the From domain', () => {
    expect(addressDomain('Digest <digest@News.Example.com>')).toBe('news.example.com');
    expect(addressDomain('digest@example.org')).toBe('example.org');
    expect(addressDomain('no address')).toBeNull();
  });

  test('isDeliverableAddress rejects injection', () => {
    expect(isDeliverableAddress('jane@example.com')).toBe(true);
    expect(isDeliverableAddress('jane@example.com\r\nBcc: x@y.z')).toBe(false);
    expect(isDeliverableAddress('jane doe@example.com')).toBe(false);
    expect(isDeliverableAddress('<jane@example.com>')).toBe(false);
  });
});
