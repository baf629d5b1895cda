import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

export type SocketIoBaseline = {
  /** e.g. http://127.0.0.1:40123 (Socket.IO on /socket.io, the trigger on POST /alert). */
  origin: string;
  connectedSockets: () => number;
  /** Emits whose ack came back, and emits that timed out. */
  acks: () => { acked: number; timedOut: number };
  close: () => Promise<void>;
};

/**
 * The floor the app's alert path is compared with: a bare Socket.IO server with the app's engine options
 * (websocket only, path /socket.io, 64 KiB messages, the same ping settings), no auth (the handshake's
 * `auth.userId` is trusted), one room `user:<id>` per socket, and a bare `node:http` trigger:
 * `POST /alert {"ownerId"}` emits `craving.alert` with a 10 s ack timeout to each of the owner's recipient
 * rooms (one emit per room, as the app does) and answers 201 at once. No database, no validation.
 */
export async function startSocketIoBaseline(recipientsOf: Map<string, string[]>): Promise<SocketIoBaseline> {
  let acked = 0;
  let timedOut = 0;
  const httpServer = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST' || req.url !== '/alert') {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let ownerId: string | undefined;
      try {
        ownerId = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { ownerId?: string }).ownerId;
      } catch {
        ownerId = undefined;
      }
      const recipients = ownerId ? recipientsOf.get(ownerId) : undefined;
      if (!ownerId || !recipients) {
        res.writeHead(400).end();
        return;
      }
      const payload = {
        cravingId: randomUUID(),
        from: { id: ownerId, displayName: 'Owner' },
        intensity: 7,
        createdAt: new Date().toISOString(),
        step: 0,
      };
      for (const userId of recipients) {
        io.to(`user:${userId}`)
          .timeout(10_000)
          .emit('craving.alert', payload, (error: Error | null) => {
            if (error) timedOut += 1;
            else acked += 1;
          });
      }
      res
        .writeHead(201, { 'content-type': 'application/json' })
        .end(JSON.stringify({ id: payload.cravingId }));
    });
  });
  const io = new Server(httpServer, {
    path: '/socket.io',
    transports: ['websocket'],
    maxHttpBufferSize: 64 * 1024,
    pingInterval: 25_000,
    pingTimeout: 20_000,
    serveClient: false,
  });
  io.on('connection', (socket) => {
    (socket.conn as unknown as { request: unknown }).request = null;
    const userId = (socket.handshake.auth as { userId?: unknown }).userId;
    if (typeof userId === 'string') void socket.join(`user:${userId}`);
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    connectedSockets: () => io.of('/').sockets.size,
    acks: () => ({ acked, timedOut }),
    close: () =>
      new Promise<void>((resolve) => {
        io.disconnectSockets(true);
        void io.close(() => resolve());
      }),
  };
}
