import crypto from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyBaseLogger, type RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import client from 'prom-client';
import secureJson from 'secure-json-parse';
import { AppError, errorHandler, sendProblem } from './errors.ts';

function rejectNul(_key: string, value: unknown): unknown {
  if (typeof value === 'string' && value.includes('\u0000')) throw new AppError('VALIDATION_FAILED', { detail: 'Text may not contain NUL characters' });
  return value;
}

export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

export interface HttpOptions {
  logLevel: string;
  bodyLimit: number;
  /** Proxy hops whose X-Forwarded-For is believed; 0 = use the socket address. */
  trustProxyHops?: number;
  logger?: FastifyBaseLogger;
}

/** Fastify with zod schemas, problem+json errors, request ids, OpenAPI and Prometheus metrics. */
export async function createHttpApp(options: HttpOptions): Promise<{ app: App; metrics: client.Registry }> {
  const fastify = Fastify({
    loggerInstance: options.logger,
    logger: options.logger ? undefined : { level: options.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] },
    bodyLimit: options.bodyLimit,
    genReqId: (req: IncomingMessage) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : crypto.randomUUID();
    },
    trustProxy: options.trustProxyHops ? options.trustProxyHops : false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  } as Parameters<typeof Fastify>[0]);
  const app = fastify.withTypeProvider<ZodTypeProvider>() as unknown as App;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => sendProblem(reply, request, new AppError('ROUTE_NOT_FOUND')));
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // JSON bodies: as Fastify's own parser (prototype poisoning refused), and a NUL character,
  // which PostgreSQL text cannot hold, is refused up front as invalid input.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.length === 0) return done(new AppError('MALFORMED_BODY'), undefined);
    let parsed: unknown;
    try {
      parsed = secureJson.parse(text, rejectNul, { protoAction: 'error', constructorAction: 'error' });
    } catch (error) {
      return done(error instanceof AppError ? error : new AppError('MALFORMED_BODY'), undefined);
    }
    done(null, parsed);
  });
  await app.register(fastifyCookie);

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Presale Mall API', version: '0.1.0', description: 'Shop (/api/*) and back office (/api/admin/*) API. Errors are application/problem+json with a stable `code`.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          shopperCookie: { type: 'apiKey', in: 'cookie', name: 'mall_sid' },
          staffCookie: { type: 'apiKey', in: 'cookie', name: 'mall_admin_sid' },
        },
      },
    },
    transform: jsonSchemaTransform,
    // Schemas registered with an id (recursive ones, e.g. CategoryNode) become components.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const metrics = new client.Registry();
  client.collectDefaultMetrics({ register: metrics });
  const httpDuration = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [metrics],
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.type(metrics.contentType);
    return metrics.metrics();
  });
  return { app, metrics };
}
