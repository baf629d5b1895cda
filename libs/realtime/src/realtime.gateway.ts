import { Logger, OnModuleDestroy } from '@nestjs/common';
import {
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import { userRoom } from '@homegroup/contracts';
import { AccountDataRegistry, TokensService, UsersRepository } from '@homegroup/identity';
import { RealtimeService } from './realtime.service';
import { ExpirySchedule } from './expiry-schedule';
import type { RealtimeServer, RealtimeSocket } from './realtime.types';
import { socketAuthMiddleware } from './socket-auth.middleware';

/** Handshake auth, per-member rooms, token expiry. No business logic lives here. */
@WebSocketGateway({ path: '/socket.io', transports: ['websocket'] })
export class RealtimeGateway
  implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy
{
  private readonly logger = new Logger(RealtimeGateway.name);
  /** Every socket lives as long as its token; one timer for all of them (not one per socket). */
  private readonly expiries = new ExpirySchedule<RealtimeSocket>((socket) => this.expire(socket));

  constructor(
    private readonly tokens: TokensService,
    private readonly users: UsersRepository,
    private readonly realtime: RealtimeService,
    accounts: AccountDataRegistry,
  ) {
    accounts.onAccountDeleted((userId) => this.realtime.disconnectUser(userId));
    accounts.onSignedOutEverywhere((userId) => this.realtime.disconnectUser(userId));
  }

  afterInit(server: RealtimeServer): void {
    this.realtime.attach(server);
    server.use(
      socketAuthMiddleware(async (token) => {
        const claims = await this.tokens.verifyAccessToken(token);
        const user = await this.users.findById(claims.sub);
        if (!user) throw new Error('account erased');
        return { userId: user.id, expiresAt: claims.exp * 1000 };
      }),
    );
  }

  async handleConnection(socket: RealtimeSocket): Promise<void> {
    const { userId, tokenExpiresAt } = socket.data;
    // Drop the reference to the first HTTP request (Socket.IO memory-usage advice).
    (socket.conn as unknown as { request: unknown }).request = null;
    await socket.join(userRoom(userId));
    // The socket lives as long as its token: the client reconnects with a fresh one. (Not once it has gone:
    // handleDisconnect has run, and the schedule would keep the socket until its token expires.)
    if (socket.connected) this.expiries.add(socket, tokenExpiresAt);
    socket.emit('session.ready', { userId, serverTime: new Date().toISOString() });
    this.logger.debug(`socket connected (${socket.id})`);
    // Features replay what this member should have (e.g. open craving alerts); see RealtimeService.onConnect.
    await this.realtime.connected(socket);
  }

  handleDisconnect(socket: RealtimeSocket): void {
    this.expiries.remove(socket, socket.data.tokenExpiresAt);
  }

  @SubscribeMessage('ping')
  ping(): { ok: true; serverTime: string } {
    return { ok: true, serverTime: new Date().toISOString() };
  }

  onModuleDestroy(): void {
    this.expiries.clear();
  }

  private expire(socket: RealtimeSocket): void {
    try {
      socket.disconnect(true);
    } catch (error) {
      this.logger.warn(
        `expired socket not closed (${error instanceof Error ? error.name : 'unknown error'})`,
      );
    }
  }
}
