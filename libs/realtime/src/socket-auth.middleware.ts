import type { ExtendedError } from 'socket.io';
import type { RealtimeSocket } from './realtime.types';

export type VerifySocketToken = (token: string) => Promise<{ userId: string; expiresAt: number }>;

/**
 * Handshake authentication: the access token comes from `handshake.auth.token` only (never the query
 * string, which ends up in logs). A bad, expired or missing token refuses the connection (`connect_error`).
 */
export function socketAuthMiddleware(verify: VerifySocketToken) {
  return (socket: RealtimeSocket, next: (error?: ExtendedError) => void): void => {
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    const token = auth?.token;
    if (typeof token !== 'string' || token.length === 0) {
      next(
        Object.assign(new Error('unauthorized'), {
          data: { message: 'Send the access token as auth.token' },
        }),
      );
      return;
    }
    verify(token)
      .then(({ userId, expiresAt }) => {
        socket.data.userId = userId;
        socket.data.tokenExpiresAt = expiresAt;
        // Verified and no longer needed: the socket does not keep a credential for its whole life (nor hand it
        // to other processes with its handshake in fetchSockets).
        if (auth) delete auth.token;
        next();
      })
      .catch(() => {
        next(
          Object.assign(new Error('unauthorized'), {
            data: { message: 'The access token is expired or not valid' },
          }),
        );
      });
  };
}
