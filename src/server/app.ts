import formbody from '@fastify/formbody';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { AppContext } from '../context';

/**
 * Build the HTTP server: public pages (subscribe, unsubscribe, archive), operator pages
 * under /admin, and health endpoints. Each group of routes is a plugin in src/server/routes.
 */
export async function buildServer(context: AppContext): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: context.logger.child({ component: 'http' }) as FastifyBaseLogger, trustProxy: false });
  await app.register(formbody);
  // Routes are registered here as each plugin lands, e.g. `await app.register(unsubscribeRoutes, { context })`.
  return app;
}
