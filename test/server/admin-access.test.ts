import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/server/app';
import { LOGIN_ATTEMPTS_PER_MINUTE } from '../../src/server/routes/admin';
import { getIssue } from '../../src/store/issues';
import { createTestContext, type TestContext } from '../helpers/context';
import { fetchText, insertFixtureIssue, logIn, postForm } from './admin-fixtures';

const TOKEN = 'operator-token-for-tests-0123456789';

/** Every operator route, with a path for an existing issue (id 1). */
const ROUTES: Array<[method: 'GET' | 'POST', path: string]> = [
  ['GET', '/admin'],
  ['GET', '/admin/issues/1'],
  ['GET', '/admin/issues/1/email.html'],
  ['GET', '/admin/issues/1/email.txt'],
  ['GET', '/admin/issues/1/export.md'],
  ['POST', '/admin/issues/1/approve'],
  ['POST', '/admin/issues/1/discard'],
  ['POST', '/admin/issues/1/send'],
  ['POST', '/admin/issues/1/test-send'],
  ['POST', '/admin/issues/1/recompose'],
  ['POST', '/admin/issues/1/themes/0'],
  ['POST', '/admin/logout'],
];

async function startServer(env: Record<string, string>): Promise<{ context: TestContext; app: FastifyInstance; baseUrl: string }> {
  const context = createTestContext(env);
  insertFixtureIssue(context.db);
  const app = await buildServer(context);
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  return { context, app, baseUrl };
}

function request(baseUrl: string, method: 'GET' | 'POST', path: string, headers: Record<string, string> = {}) {
  const init: RequestInit = { method, headers: { ...headers } };
  if (method === 'POST') {
    init.headers = { ...headers, 'content-type': 'application/x-www-form-urlencoded' };
    init.body = 'title=x';
  }
  return fetchText(baseUrl + path, init);
}

describe('admin without OPERATOR_TOKEN', () => {
  let server: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    server = await startServer({});
  });

  afterAll(async () => {
    await server.app.close();
    server.context.cleanup();
  });

  test.each([...ROUTES, ['GET', '/admin/login'], ['POST', '/admin/login']] as Array<['GET' | 'POST', string]>)('%s %s returns 403', async (method, path) => {
    const response = await request(server.baseUrl, method, path, { authorization: 'Bearer anything' });

    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('OPERATOR_TOKEN');
  });

  test('issue stays draft after refused posts', () => {
    expect(getIssue(server.context.db, 1)?.status).toBe('draft');
  });
});

describe('admin with OPERATOR_TOKEN', () => {
  let server: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    server = await startServer({ OPERATOR_TOKEN: TOKEN });
  });

  afterAll(async () => {
    await server.app.close();
    server.context.cleanup();
  });

  test.each(ROUTES)('%s %s returns 401 without credential', async (method, path) => {
    const response = await request(server.baseUrl, method, path);

    expect(response.statusCode).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('Bearer');
  });

  test.each(ROUTES)('%s %s returns 401 with wrong bearer', async (method, path) => {
    const response = await request(server.baseUrl, method, path, { authorization: `Bearer ${TOKEN}x` });
    expect(response.statusCode).toBe(401);
  });

  test.each(ROUTES)('%s %s returns 401 with forged cookie', async (method, path) => {
    const response = await request(server.baseUrl, method, path, { cookie: `ads_operator=${TOKEN}` });
    expect(response.statusCode).toBe(401);
  });

  test('issue stays draft after refused posts', () => {
    expect(getIssue(server.context.db, 1)?.status).toBe('draft');
  });

  test('bearer token opens the issues list', async () => {
    const response = await request(server.baseUrl, 'GET', '/admin', { authorization: `Bearer ${TOKEN}` });

    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('/admin/issues/1');
  });

  test('login form shows without credential', async () => {
    const response = await fetchText(`${server.baseUrl}/admin/login`);

    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('name="token"');
    expect(response.headers.getSetCookie().join('\n')).toMatch(/ads_csrf=[^;]+; Path=\/admin; HttpOnly; SameSite=Strict/);
  });

  test('login with wrong token returns 401', async () => {
    const form = await fetch(`${server.baseUrl}/admin/login`);
    const cookie = form.headers.getSetCookie()[0]?.split(';')[0] as string;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] as string;

    const response = await postForm(server.baseUrl, '/admin/login', { cookie, csrfToken: csrf }, { token: 'wrong' });

    expect(response.statusCode).toBe(401);
    expect(response.headers.getSetCookie().join('\n')).not.toContain('ads_operator');
  });

  test('login sets an HttpOnly SameSite=Strict cookie', async () => {
    const form = await fetch(`${server.baseUrl}/admin/login`);
    const cookie = form.headers.getSetCookie()[0]?.split(';')[0] as string;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] as string;

    const response = await postForm(server.baseUrl, '/admin/login', { cookie, csrfToken: csrf }, { token: TOKEN });
    const sessionCookie = response.headers.getSetCookie().find((line) => line.startsWith('ads_operator=')) as string;

    expect(response.statusCode).toBe(303);
    expect(response.headers.get('location')).toBe('/admin');
    expect(sessionCookie).toContain('HttpOnly');
    expect(sessionCookie).toContain('SameSite=Strict');
    expect(sessionCookie).toContain('Path=/admin');
    expect(sessionCookie).not.toContain(TOKEN);
  });

  test('login without CSRF token returns 403', async () => {
    const response = await postForm(server.baseUrl, '/admin/login', null, { token: TOKEN });

    expect(response.statusCode).toBe(403);
    expect(response.headers.getSetCookie().join('\n')).not.toContain('ads_operator');
  });

  test('session cookie opens the issues list', async () => {
    const session = await logIn(server.baseUrl, TOKEN);
    const response = await fetchText(`${server.baseUrl}/admin`, { headers: { cookie: session.cookie } });

    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Issues');
  });

  test('post without CSRF token returns 403', async () => {
    const session = await logIn(server.baseUrl, TOKEN);
    const response = await postForm(server.baseUrl, '/admin/issues/1/approve', session, {}, false);

    expect(response.statusCode).toBe(403);
    expect(response.body).toContain('CSRF');
    expect(getIssue(server.context.db, 1)?.status).toBe('draft');
  });

  test('post with forged CSRF token returns 403', async () => {
    const session = await logIn(server.baseUrl, TOKEN);
    const response = await postForm(server.baseUrl, '/admin/issues/1/approve', { ...session, csrfToken: 'abc-forged' });

    expect(response.statusCode).toBe(403);
    expect(getIssue(server.context.db, 1)?.status).toBe('draft');
  });

  test('post with CSRF token approves', async () => {
    const session = await logIn(server.baseUrl, TOKEN);
    const response = await postForm(server.baseUrl, '/admin/issues/1/approve', session);

    expect(response.statusCode).toBe(303);
    expect(response.headers.get('location')).toBe('/admin/issues/1?notice=approved');
    expect(getIssue(server.context.db, 1)?.status).toBe('approved');
  });

  test('logout clears the session cookie', async () => {
    const session = await logIn(server.baseUrl, TOKEN);
    const response = await postForm(server.baseUrl, '/admin/logout', session);
    const cleared = response.headers.getSetCookie().find((line) => line.startsWith('ads_operator=')) as string;

    expect(response.statusCode).toBe(303);
    expect(cleared).toContain('Max-Age=0');
  });
});

describe('admin login rate limit', () => {
  let server: Awaited<ReturnType<typeof startServer>>;

  beforeAll(async () => {
    server = await startServer({ OPERATOR_TOKEN: TOKEN });
  });

  afterAll(async () => {
    await server.app.close();
    server.context.cleanup();
  });

  test('login returns 429 after the limit', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt <= LOGIN_ATTEMPTS_PER_MINUTE; attempt += 1) {
      statuses.push((await postForm(server.baseUrl, '/admin/login', null, { token: 'guess' })).statusCode);
    }

    expect(statuses.slice(0, LOGIN_ATTEMPTS_PER_MINUTE).every((status) => status === 403)).toBe(true);
    expect(statuses[LOGIN_ATTEMPTS_PER_MINUTE]).toBe(429);
  });
});
