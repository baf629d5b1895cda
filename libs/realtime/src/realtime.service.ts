import { Injectable } from '@nestjs/common';
import { ServerEventName, ServerEventPayload, userRoom } from '@homegroup/contracts';
import type { RealtimeServer } from './realtime.types';

/** The one way to emit: typed by the event map in libs/contracts, addressed to a member's room. */
@Injectable()
export class RealtimeService {
  private server?: RealtimeServer;

  attach(server: RealtimeServer): void {
    this.server = server;
  }

  get attached(): boolean {
    return this.server !== undefined;
  }

  emitToUser<E extends ServerEventName>(userId: string, event: E, payload: ServerEventPayload<E>): void {
    if (!this.server) return;
    // The event map types each payload; Socket.IO's own typing cannot follow a generic event name.
    (this.server.to(userRoom(userId)).emit as (event: string, payload: unknown) => boolean)(event, payload);
  }

  /** The member's sockets on every api process. */
  async countUserSockets(userId: string): Promise<number> {
    if (!this.server) return 0;
    return (await this.server.in(userRoom(userId)).fetchSockets()).length;
  }

  /** Closes every socket of a member, on every process (e.g. after the account was erased). */
  disconnectUser(userId: string): void {
    this.server?.in(userRoom(userId)).disconnectSockets(true);
  }
}
