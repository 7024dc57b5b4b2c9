import { addSubscriber, DOUBLE_OPT_IN_SOURCE, unsubscribe, unsubscribeByEmail } from '../../src/subscriptions/list';
import { getSubscriber } from '../../src/store/subscribers';
import { createTestContext, type TestContext } from '../helpers/context';

let context: TestContext;

beforeEach(() => {
  context = createTestContext();
});

afterEach(() => {
  context.cleanup();
});

describe('addSubscriber', () => {
  test('operator add confirms at once', () => {
    const { subscriber, outcome } = addSubscriber(context.db, { email: 'jane@example.com', name: 'Jane', confirmed: true });
    expect(outcome).toBe('added');
    expect(subscriber.status).toBe('confirmed');
    expect(subscriber.confirmed_at).not.toBeNull();
    expect(subscriber.source).toBe('operator');
  });

  test('unconfirmed add stays pending', () => {
    const { subscriber } = addSubscriber(context.db, { email: 'jane@example.com', confirmed: false, source: 'form' });
    expect(subscriber.status).toBe('pending');
    expect(subscriber.confirmed_at).toBeNull();
  });

  test('addresses compare case-insensitively', () => {
    const first = addSubscriber(context.db, { email: 'Jane@Example.com', confirmed: true });
    const second = addSubscriber(context.db, { email: '  jane@EXAMPLE.com ', confirmed: true });
    expect(second.outcome).toBe('unchanged');
    expect(second.subscriber.id).toBe(first.subscriber.id);
  });

  test('pending then operator add is updated', () => {
    addSubscriber(context.db, { email: 'jane@example.com', confirmed: false });
    const { subscriber, outcome } = addSubscriber(context.db, { email: 'jane@example.com', confirmed: true });
    expect(outcome).toBe('updated');
    expect(subscriber.status).toBe('confirmed');
  });

  test('new name is an update', () => {
    addSubscriber(context.db, { email: 'jane@example.com', name: 'Jane', confirmed: true });
    const { subscriber, outcome } = addSubscriber(context.db, { email: 'jane@example.com', name: 'Jane Doe', confirmed: true });
    expect(outcome).toBe('updated');
    expect(subscriber.name).toBe('Jane Doe');
  });

  test.each(['unsubscribed', 'bounced', 'complained'])('%s address stays suppressed', (status) => {
    const { subscriber } = addSubscriber(context.db, { email: 'jane@example.com', name: 'Jane', confirmed: true });
    context.db.prepare('UPDATE subscribers SET status = ? WHERE id = ?').run(status, subscriber.id);

    const again = addSubscriber(context.db, { email: 'jane@example.com', name: 'Other', confirmed: true });
    expect(again.outcome).toBe('suppressed');
    expect(again.subscriber.status).toBe(status);
    expect(getSubscriber(context.db, subscriber.id)?.name).toBe('Jane');
  });

  test('double opt-in lifts suppression', () => {
    const { subscriber } = addSubscriber(context.db, { email: 'jane@example.com', confirmed: true });
    unsubscribe(context.db, subscriber.id);

    const again = addSubscriber(context.db, { email: 'jane@example.com', confirmed: true, source: DOUBLE_OPT_IN_SOURCE });
    expect(again.outcome).toBe('updated');
    expect(again.subscriber.status).toBe('confirmed');
    expect(again.subscriber.unsubscribed_at).toBeNull();
  });

  test('name loses CR and LF', () => {
    const { subscriber } = addSubscriber(context.db, { email: 'jane@example.com', name: 'Jane Doe\r\nBcc: someone@example.net', confirmed: true });
    expect(subscriber.name).toBe('Jane Doe Bcc: someone@example.net');
  });

  test.each(['', 'jane', 'jane@', '@example.com', 'jane doe@example.com', 'Jane <jane@example.com>', 'jane@example.com\nBcc: x@example.net'])(
    'rejects invalid address %j',
    (email) => {
      expect(() => addSubscriber(context.db, { email, confirmed: true })).toThrow(expect.objectContaining({ code: 'SUBSCRIBER_INVALID' }));
    },
  );
});

describe('unsubscribe', () => {
  test('is idempotent', () => {
    const { subscriber } = addSubscriber(context.db, { email: 'jane@example.com', confirmed: true });
    expect(unsubscribe(context.db, subscriber.id)).toBe(true);
    const first = getSubscriber(context.db, subscriber.id);
    expect(first?.status).toBe('unsubscribed');

    expect(unsubscribe(context.db, subscriber.id)).toBe(false);
    expect(getSubscriber(context.db, subscriber.id)?.unsubscribed_at).toBe(first?.unsubscribed_at);
  });

  test('keeps bounced status', () => {
    const { subscriber } = addSubscriber(context.db, { email: 'jane@example.com', confirmed: true });
    context.db.prepare("UPDATE subscribers SET status = 'bounced', bounce_reason = '550 no such user' WHERE id = ?").run(subscriber.id);
    expect(unsubscribe(context.db, subscriber.id)).toBe(false);
    expect(getSubscriber(context.db, subscriber.id)?.status).toBe('bounced');
  });

  test('unknown id throws not found', () => {
    expect(() => unsubscribe(context.db, 999)).toThrow(expect.objectContaining({ code: 'SUBSCRIBER_NOT_FOUND' }));
  });

  test('by address keeps the row', () => {
    addSubscriber(context.db, { email: 'jane@example.com', confirmed: true });
    const { subscriber, changed } = unsubscribeByEmail(context.db, 'JANE@example.com');
    expect(changed).toBe(true);
    expect(subscriber.status).toBe('unsubscribed');
    expect(() => unsubscribeByEmail(context.db, 'nobody@example.com')).toThrow(expect.objectContaining({ code: 'SUBSCRIBER_NOT_FOUND' }));
  });
});
