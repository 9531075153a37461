import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import secureJson from 'secure-json-parse';
import { CHAT_CLOSE_CODES, chatClientFrame, formatErrorMessage, pickLocale, roleAllows, type ChatClientFrame, type ChatServerFrame, type ErrorCode } from '@mall/contract';
import { staffContext } from '../../platform/audit.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import type { ChatHub, LocalSocket, SocketOwner } from './chat.hub.ts';
import { CHAT_SOCKET_RATE, takeToken, type Bucket } from './chat.rules.ts';
import type { ChatService } from './chat.service.ts';

const CLOSE_UNAUTHENTICATED = CHAT_CLOSE_CODES.unauthenticated;
const CLOSE_FORBIDDEN = CHAT_CLOSE_CODES.forbidden;
export const HEARTBEAT_MS = 30_000;

export interface ChatSocketDeps {
  service: ChatService;
  hub: ChatHub;
  clock: Clock;
  log: FastifyRequest['log'];
  /** How often a socket is pinged; one that has not answered (nor sent anything) since the last ping is dropped. */
  heartbeatMs?: number;
}

function parseFrame(data: string): ChatClientFrame | { invalid: true; clientMsgId?: string } {
  let raw: unknown;
  try {
    raw = secureJson.parse(data, (_key, value) => {
      if (typeof value === 'string' && value.includes('\u0000')) throw new Error('NUL');
      return value;
    }, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    return { invalid: true };
  }
  const parsed = chatClientFrame.safeParse(raw);
  if (parsed.success) return parsed.data;
  const clientMsgId = (raw as { message?: { clientMsgId?: unknown } } | null)?.message?.clientMsgId;
  return { invalid: true, clientMsgId: typeof clientMsgId === 'string' ? clientMsgId.slice(0, 64) : undefined };
}

/**
 * A browser always sends Origin with a WebSocket handshake and a page cannot forge it; a page of
 * another site opening our socket (riding on the session cookie) is refused. Clients that are not
 * browsers send none.
 */
function crossSite(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (!origin) return false;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return true;
  }
  const forwarded = request.headers['x-forwarded-host'];
  return host !== request.headers.host && host !== (Array.isArray(forwarded) ? forwarded[0] : forwarded?.split(',')[0]?.trim());
}

/**
 * One chat socket, shopper's or staff's. The session was resolved at the upgrade by the usual
 * onRequest hook; without one the socket is closed with 4401. Frames are handled one after the
 * other; a bad frame gets an `error` frame and the socket stays open.
 */
export function handleChatSocket(deps: ChatSocketDeps, side: 'shopper' | 'staff', socket: WebSocket, request: FastifyRequest): void {
  const { service, hub, clock } = deps;
  if (crossSite(request)) return socket.close(CLOSE_FORBIDDEN, 'cross-site socket');
  const actor = request.actor;
  if (!actor) return socket.close(CLOSE_UNAUTHENTICATED, 'sign in first');
  if (actor.kind !== side || (actor.kind === 'staff' && !roleAllows(actor.role, 'support.chat'))) return socket.close(CLOSE_FORBIDDEN, 'not allowed');
  const locale = pickLocale(request.headers['accept-language']);
  const owner: SocketOwner = actor.kind === 'shopper' ? { kind: 'shopper', id: actor.id } : { kind: 'staff', id: actor.id, isOwner: actor.role === 'owner' };

  const send = (frame: ChatServerFrame) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };
  const refuse = (code: ErrorCode, clientMsgId?: string, params: Record<string, unknown> = {}) =>
    send({ type: 'error', code, message: formatErrorMessage(code, locale, params), ...(clientMsgId ? { clientMsgId } : {}) });

  const local: LocalSocket = { owner, send, close: (code, reason) => socket.close(code, reason) };
  const detach = hub.attach(local);
  let alive = true;
  let bucket: Bucket = { tokens: CHAT_SOCKET_RATE.burst, atMs: clock.now().getTime() };
  let queue: Promise<void> = Promise.resolve();

  const heartbeat = setInterval(() => {
    if (!alive) return void socket.terminate();
    alive = false;
    socket.ping();
  }, deps.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();
  socket.on('pong', () => {
    alive = true;
  });
  socket.on('close', () => {
    clearInterval(heartbeat);
    detach();
  });

  async function handle(frame: ChatClientFrame): Promise<void> {
    if (frame.type === 'ping') return send({ type: 'pong' });
    // A socket outlives the request that opened it: signing out (or a revoked session) ends it.
    if (!request.sessionTokenHash || !(await service.sessionActive(request.sessionTokenHash))) return socket.close(CLOSE_UNAUTHENTICATED, 'session ended');
    if (frame.type === 'send') {
      const { clientMsgId } = frame.message;
      try {
        const result =
          actor!.kind === 'shopper'
            ? await service.shopperSend(actor!.id, frame.message)
            : frame.conversationId
              ? await service.staffSend(staffContext(request), frame.conversationId, frame.message)
              : refuse('CHAT_FRAME_INVALID', clientMsgId);
        if (result) send({ type: 'ack', clientMsgId, message: result.message });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        refuse(error.code, clientMsgId, error.params);
      }
      return;
    }
    try {
      if (actor!.kind === 'shopper') await service.shopperRead(actor!.id, frame.upToId);
      else if (frame.conversationId) await service.staffRead(staffContext(request), frame.conversationId, frame.upToId);
      else refuse('CHAT_FRAME_INVALID');
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      refuse(error.code, undefined, error.params);
    }
  }

  socket.on('message', (data, isBinary) => {
    alive = true;
    const taken = takeToken(bucket, clock.now().getTime());
    bucket = taken.bucket;
    const frame: ReturnType<typeof parseFrame> = isBinary ? { invalid: true } : parseFrame(data.toString());
    if (!taken.allowed) return refuse('CHAT_RATE_LIMITED', 'invalid' in frame ? frame.clientMsgId : frame.type === 'send' ? frame.message.clientMsgId : undefined);
    if ('invalid' in frame) return refuse('CHAT_FRAME_INVALID', frame.clientMsgId);
    queue = queue
      .then(() => handle(frame))
      .catch((error: unknown) => {
        deps.log.error({ err: error }, 'chat frame failed');
        refuse('INTERNAL');
      });
  });
}
