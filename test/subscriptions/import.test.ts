import { exportSubscribersCsv } from '../../src/subscriptions/export';
import { importSubscribers } from '../../src/subscriptions/import';
import { addSubscriber, unsubscribe } from '../../src/subscriptions/list';
import { findSubscriberByEmail, listSubscriberRows } from '../../src/store/subscribers';
import { createTestContext, type TestContext } from '../helpers/context';

let context: TestContext;

beforeEach(() => {
  context = createTestContext();
});

afterEach(() => {
  context.cleanup();
});

const BROKEN_CSV = [
  'email,name', //                                   line 1
  'jane@example.com,Jane', //                        line 2
  '"broken,"quote"here', //                          line 3: stray quote
  'john@example.com,"John', //                       line 4: quoted name over two lines
  'Smith"', //                                       line 5
  'not-an-address,Nobody', //                        line 6
  '', //                                             line 7: blank, ignored
  'JANE@EXAMPLE.COM,Repeat', //                      line 8: repeated address
  ',No address', //                                  line 9
  'mary@example.org,"Mary\r\nBcc: x@example.net"', // lines 10-11: CRLF inside a quoted name
  'last@example.com,"never closed', //              line 12
  'after@example.com,After', //                      line 13
].join('\n');

describe('importSubscribers', () => {
  test('CSV with broken rows', () => {
    const summary = importSubscribers(context.db, BROKEN_CSV);

    expect(summary.errors.map((error) => error.line)).toEqual([3, 6, 9, 12]);
    expect(summary.errors[0]?.message).toMatch(/quote/);
    expect(summary.errors[1]?.message).toBe('"not-an-address" is not a valid email address');
    expect(summary.errors[2]?.message).toBe('the email field is empty');
    expect(summary.errors[3]?.message).toMatch(/not closed/);
    expect(summary).toMatchObject({ added: 4, updated: 0, skipped: 1, suppressed: 0, invalid: 4 });

    expect(findSubscriberByEmail(context.db, 'john@example.com')?.name).toBe('John Smith');
    expect(findSubscriberByEmail(context.db, 'mary@example.org')?.name).toBe('Mary Bcc: x@example.net');
    expect(findSubscriberByEmail(context.db, 'jane@example.com')?.name).toBe('Jane');
    expect(findSubscriberByEmail(context.db, 'after@example.com')?.status).toBe('confirmed');
  });

  test('rows without header use email,name', () => {
    const summary = importSubscribers(context.db, '\uFEFFjane@example.com,Jane\r\njohn@example.com\r\n');
    expect(summary).toMatchObject({ added: 2, invalid: 0 });
    expect(findSubscriberByEmail(context.db, 'jane@example.com')?.name).toBe('Jane');
  });

  test('header columns in any order', () => {
    const summary = importSubscribers(context.db, 'Name,Status,EMAIL\nJane,pending,jane@example.com\n');
    expect(summary.added).toBe(1);
    expect(findSubscriberByEmail(context.db, 'jane@example.com')).toMatchObject({ name: 'Jane', status: 'pending' });
  });

  test('re-import respects suppression', () => {
    const { subscriber } = addSubscriber(context.db, { email: 'jane@example.com', confirmed: true });
    unsubscribe(context.db, subscriber.id);

    const summary = importSubscribers(context.db, 'email\nJane@Example.com\n');

    expect(summary).toMatchObject({ added: 0, updated: 0, skipped: 1, suppressed: 1 });
    expect(findSubscriberByEmail(context.db, 'jane@example.com')?.status).toBe('unsubscribed');
  });

  test('known address is updated or skipped', () => {
    addSubscriber(context.db, { email: 'jane@example.com', name: 'Jane', confirmed: false });
    addSubscriber(context.db, { email: 'john@example.com', name: 'John', confirmed: true });

    const summary = importSubscribers(context.db, 'email,name\njane@example.com,Jane\njohn@example.com,John\n');

    expect(summary).toMatchObject({ added: 0, updated: 1, skipped: 1 });
    expect(findSubscriberByEmail(context.db, 'jane@example.com')?.status).toBe('confirmed');
  });

  test('status column suppresses addresses', () => {
    addSubscriber(context.db, { email: 'jane@example.com', confirmed: true });

    const summary = importSubscribers(context.db, 'email,status\njane@example.com,complained\nold@example.com,bounced\nodd@example.com,gone\n');

    expect(summary).toMatchObject({ added: 1, updated: 1, invalid: 1 });
    expect(summary.errors[0]?.message).toMatch(/status "gone" is not one of/);
    expect(findSubscriberByEmail(context.db, 'jane@example.com')?.status).toBe('complained');
    expect(findSubscriberByEmail(context.db, 'old@example.com')?.status).toBe('bounced');
  });

  test('empty file changes nothing', () => {
    expect(importSubscribers(context.db, '')).toMatchObject({ added: 0, updated: 0, skipped: 0, invalid: 0 });
  });
});

describe('exportSubscribersCsv', () => {
  test('round-trips through import with suppression', () => {
    addSubscriber(context.db, { email: 'jane@example.com', name: 'Jane, "JD" Doe', confirmed: true });
    const { subscriber } = addSubscriber(context.db, { email: 'gone@example.com', name: '=HYPERLINK("x")', confirmed: true });
    unsubscribe(context.db, subscriber.id);
    const csv = exportSubscribersCsv(context.db);

    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);

    const other = createTestContext();
    try {
      const summary = importSubscribers(other.db, csv);
      expect(summary).toMatchObject({ added: 2, invalid: 0 });
      const rows = listSubscriberRows(other.db).map((row) => [row.email, row.name, row.status]);
      expect(rows).toEqual([
        ['jane@example.com', 'Jane, "JD" Doe', 'confirmed'],
        ['gone@example.com', '=HYPERLINK("x")', 'unsubscribed'],
      ]);
    } finally {
      other.cleanup();
    }
  });

  test('10 000 rows import in one transaction', () => {
    const lines = ['email,name'];
    for (let index = 0; index < 10_000; index += 1) lines.push(`reader${index}@example.com,Reader ${index}`);

    const started = performance.now();
    const summary = importSubscribers(context.db, lines.join('\n'));

    expect(summary.added).toBe(10_000);
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});
