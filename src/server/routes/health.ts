import crypto from 'node:crypto';
import os from 'node:os';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context';
import { errorMessage } from '../../errors';
import { checkDatabaseWritable, readServiceStatus } from '../../schedule/status';

/**
 * `GET /healthz`: 200 while the process runs and the database takes a write, else 503, for a
 * load balancer or a monitoring check. `GET /status`: the service status as JSON (see
 * readServiceStatus), with feed titles, redacted feed URLs and counts but no subscriber data.
 */
export async function healthRoutes(app: FastifyInstance, options: { context: AppContext }): Promise<void> {
  const { context } = options;
  const owner = `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`;

  app.get('/healthz', async (request, reply) => {
    try {
      checkDatabaseWritable(context.db, owner);
      return reply.code(200).header('cache-control', 'no-store').send({ status: 'ok' });
    } catch (error) {
      request.log.error({ err: errorMessage(error) }, 'health check failed: database not writable');
      return reply.code(503).header('cache-control', 'no-store').send({ status: 'unavailable', reason: 'database not writable' });
    }
  });

  app.get('/status', async (_request, reply) => {
    return reply.header('cache-control', 'no-store').send(readServiceStatus(context));
  });
}
