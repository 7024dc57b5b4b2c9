import formbody from '@fastify/formbody';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { AppContext } from '../context';
import { frameworkErrorPage, installErrorPages } from './pages/error-pages';
import { adminRoutes } from './routes/admin';
import { archiveRoutes } from './routes/archive';
import { healthRoutes } from './routes/health';
import { subscribeRoutes } from './routes/subscribe';
import { unsubscribeRoutes } from './routes/unsubscribe';

/**
 * Build the HTTP server: public pages (subscribe, unsubscribe, archive), operator pages
 * under /admin, and health endpoints. Each group of routes is a plugin in src/server/routes,
 * registered with `{ context }`.
 */
export async function buildServer(context: AppContext): Promise<FastifyInstance> {
  const logger = context.logger.child({ component: 'http' }, { serializers: { req: serializeRequest } });
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    trustProxy: false,
    frameworkErrors: frameworkErrorPage(context.config.newsletter.title),
  });
  await app.register(formbody);
  installErrorPages(app, context.config.newsletter.title);

  await app.register(unsubscribeRoutes, { context });
  await app.register(subscribeRoutes, { context });
  await app.register(archiveRoutes, { context });
  await app.register(adminRoutes, { context });
  await app.register(healthRoutes, { context });
  return app;
}

/** Token-bearing path segments, replaced before a URL reaches the request log. */
const TOKEN_PATH = /^\/(u|confirm)\/[^/?#]+/;

/**
 * Request log fields as Fastify logs them, except that the token in `/u/<token>` and
 * `/confirm/<token>` becomes `:token`, because a logged token would let a log reader
 * unsubscribe or confirm someone.
 */
function serializeRequest(request: FastifyRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: request.url.replace(TOKEN_PATH, '/$1/:token'),
    remoteAddress: request.ip,
  };
}
