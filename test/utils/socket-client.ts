import { io, Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerEventName, ServerEventPayload, ServerToClientEvents } from '@homegroup/contracts';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Connects a real socket.io-client with a real token; resolves once connected, rejects on connect_error.
 * `beforeConnect` attaches listeners before the handshake (for events sent on connect, e.g. replayed alerts).
 */
export function connectSocket(
  baseUrl: string,
  token: string | undefined,
  beforeConnect?: (socket: TestSocket) => void,
): Promise<TestSocket> {
  const socket: TestSocket = io(baseUrl, {
    path: '/socket.io',
    transports: ['websocket'],
    auth: token === undefined ? {} : { token },
    reconnection: false,
    forceNew: true,
    timeout: 5000,
    autoConnect: beforeConnect === undefined,
  });
  if (beforeConnect) {
    beforeConnect(socket);
    socket.connect();
  }
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

/** Resolves with the next payload of `event` on `socket`, or rejects after `timeoutMs`. */
export function nextEvent<E extends ServerEventName>(
  socket: TestSocket,
  event: E,
  timeoutMs = 5000,
): Promise<ServerEventPayload<E>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler as never);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (payload: ServerEventPayload<E>): void => {
      clearTimeout(timer);
      resolve(payload);
    };
    socket.once(event, handler as never);
  });
}

/** Collects every payload of `event` (to assert that nothing arrived). */
export function collectEvents<E extends ServerEventName>(socket: TestSocket, event: E): ServerEventPayload<E>[] {
  const seen: ServerEventPayload<E>[] = [];
  socket.on(event, ((payload: ServerEventPayload<E>) => seen.push(payload)) as never);
  return seen;
}
