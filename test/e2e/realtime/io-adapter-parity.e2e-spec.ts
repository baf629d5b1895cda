/**
 * RealtimeIoAdapter wires @SubscribeMessage handlers and disconnect hooks without IoAdapter's per-socket
 * rxjs chains. This runs one scenario (acks, `{ event, data }` answers, observables, WsException and
 * unknown errors through Nest's exception filter, a validation pipe, a guard, an interceptor, a manual
 * `@Ack()`, several arguments, two gateways on one message, disconnect hooks) against a small Nest app on
 * each adapter, and expects the client to see exactly the same thing.
 */
import {
  CanActivate,
  ExecutionContext,
  Injectable,
  Module,
  NestInterceptor,
  CallHandler,
} from '@nestjs/common';
import { UseGuards, UseInterceptors, UsePipes, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { IoAdapter } from '@nestjs/platform-socket.io';
import {
  Ack,
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  SubscribeMessage,
  WebSocketGateway,
  WsException,
} from '@nestjs/websockets';
import { IsInt, Max, Min } from 'class-validator';
import { finalize, from, interval, map, Observable, of, take } from 'rxjs';
import type { Socket as ServerSocket } from 'socket.io';
import { io, type Socket } from 'socket.io-client';
import { RealtimeIoAdapter } from '@homegroup/realtime';

class CountDto {
  @IsInt()
  @Min(1)
  @Max(10)
  n: number;
}

@Injectable()
class DenyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const data = context.switchToWs().getData<{ deny?: boolean } | undefined>();
    return !data?.deny;
  }
}

@Injectable()
class WrapInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(map((value: unknown) => ({ wrapped: value })));
  }
}

const events = { disconnects: [] as string[], connections: 0, streamsStopped: 0 };

@WebSocketGateway({ path: '/socket.io', transports: ['websocket'] })
class ParityGateway implements OnGatewayConnection, OnGatewayDisconnect {
  handleConnection(): void {
    events.connections += 1;
  }

  handleDisconnect(_socket: ServerSocket, reason: string): void {
    events.disconnects.push(reason);
  }

  @SubscribeMessage('value')
  value(@MessageBody() body: unknown): unknown {
    return { got: body };
  }

  @SubscribeMessage('promise')
  async promise(@MessageBody() body: unknown): Promise<unknown> {
    await new Promise((r) => setTimeout(r, 5));
    return { later: body };
  }

  @SubscribeMessage('nothing')
  nothing(): undefined {
    return undefined;
  }

  @SubscribeMessage('event')
  event(@MessageBody() body: unknown): unknown {
    return { event: 'reply', data: body };
  }

  @SubscribeMessage('observable-events')
  observableEvents(): Observable<unknown> {
    return from([
      { event: 'tick', data: 1 },
      { event: 'tick', data: 2 },
    ]);
  }

  @SubscribeMessage('observable-ack')
  observableAck(): Observable<number> {
    return of(1, 2, 3);
  }

  @SubscribeMessage('ws-error')
  wsError(): never {
    throw new WsException('nope');
  }

  @SubscribeMessage('ws-error-object')
  wsErrorObject(): never {
    throw new WsException({ code: 42, message: 'object error' });
  }

  @SubscribeMessage('crash')
  async crash(): Promise<never> {
    await Promise.resolve();
    throw new Error('boom');
  }

  @UsePipes(
    new ValidationPipe({ transform: true, exceptionFactory: () => new WsException('n must be 1 to 10') }),
  )
  @SubscribeMessage('validated')
  validated(@MessageBody() dto: CountDto): unknown {
    return { n: dto.n, isDto: dto instanceof CountDto };
  }

  @UseGuards(DenyGuard)
  @SubscribeMessage('guarded')
  guarded(): string {
    return 'allowed';
  }

  @UseInterceptors(WrapInterceptor)
  @SubscribeMessage('intercepted')
  intercepted(): number {
    return 7;
  }

  @SubscribeMessage('manual')
  manual(@MessageBody() body: unknown, @Ack() ack: (reply: unknown) => void): string {
    // Later than the return value: an adapter that acked the return value would be caught here.
    setTimeout(() => ack({ manual: body }), 20);
    return 'not sent: acked by hand';
  }

  @SubscribeMessage('args')
  args(@MessageBody() body: unknown): unknown {
    return { body };
  }

  @SubscribeMessage('who')
  who(@ConnectedSocket() socket: ServerSocket): unknown {
    return { connected: socket.connected, hasId: typeof socket.id === 'string' };
  }

  @SubscribeMessage('shared')
  sharedA(): unknown {
    return { event: 'shared', data: 'A' };
  }

  @SubscribeMessage('stream')
  stream(): Observable<unknown> {
    // Ends by itself after 5 s (long after the test looked), so a leak cannot hang the run.
    return interval(10).pipe(
      take(500),
      map((i) => ({ event: 'stream', data: i })),
      finalize(() => {
        events.streamsStopped += 1;
      }),
    );
  }

  @SubscribeMessage('kick')
  kick(@ConnectedSocket() socket: ServerSocket): undefined {
    setTimeout(() => socket.disconnect(true), 10);
    return undefined;
  }
}

@WebSocketGateway({ path: '/socket.io', transports: ['websocket'] })
class SecondGateway {
  @SubscribeMessage('shared')
  sharedB(): unknown {
    return { event: 'shared', data: 'B' };
  }

  @SubscribeMessage('second')
  second(@MessageBody() body: unknown): unknown {
    return { second: body };
  }
}

@Module({ providers: [ParityGateway, SecondGateway] })
class ParityModule {}

type Outcome = {
  acks: Record<string, unknown>;
  received: [string, unknown][];
  disconnects: string[];
  connections: number;
  streamed: boolean;
  streamsStopped: number;
};

const NO_ACK = 'no ack';

async function start(
  adapterFor: (app: NestFastifyApplication) => IoAdapter,
): Promise<{ app: NestFastifyApplication; url: string }> {
  const app = await NestFactory.create<NestFastifyApplication>(ParityModule, new FastifyAdapter(), {
    logger: false,
  });
  app.useWebSocketAdapter(adapterFor(app));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { app, url: `http://127.0.0.1:${port}` };
}

function connect(url: string): Promise<Socket> {
  const socket = io(url, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function scenario(url: string): Promise<Outcome> {
  events.disconnects = [];
  events.connections = 0;
  events.streamsStopped = 0;
  const socket = await connect(url);
  const received: [string, unknown][] = [];
  socket.onAny((event: string, ...args: unknown[]) =>
    received.push([event, args.length > 1 ? args : args[0]]),
  );
  const ask = async (event: string, ...args: unknown[]): Promise<unknown> => {
    try {
      return (await socket.timeout(300).emitWithAck(event, ...args)) as unknown;
    } catch {
      return NO_ACK;
    }
  };
  const acks: Record<string, unknown> = {};
  // One at a time, so the order of what the client receives is the same on both adapters.
  acks.value = await ask('value', { a: 1 });
  acks.valueNoPayload = await ask('value');
  acks.promise = await ask('promise', 'p');
  acks.nothing = await ask('nothing', 1);
  acks.event = await ask('event', { e: 1 });
  acks.observableEvents = await ask('observable-events');
  acks.observableAck = await ask('observable-ack');
  acks.wsError = await ask('ws-error', { x: 1 });
  acks.wsErrorObject = await ask('ws-error-object');
  acks.crash = await ask('crash', 'c');
  acks.validOk = await ask('validated', { n: 3 });
  acks.validBad = await ask('validated', { n: 99 });
  acks.guardedOk = await ask('guarded', {});
  acks.guardedDenied = await ask('guarded', { deny: true });
  acks.intercepted = await ask('intercepted');
  acks.manual = await ask('manual', 'm');
  acks.args = await ask('args', 1, 'two', { three: 3 });
  acks.who = await ask('who');
  acks.second = await ask('second', 2);
  acks.unknownEvent = await ask('no-such-event', 1);
  // Without an ack: the answers that are events still arrive.
  socket.emit('event', 'no ack wanted');
  socket.emit('shared');
  acks.afterShared = await ask('value', 'sync');
  // Let both gateways' `shared` answers arrive, then order them: which gateway answers first is not part of
  // the contract (it is the order the gateways were wired in on both adapters, but keep the test honest).
  await new Promise((r) => setTimeout(r, 50));
  const shared = received.filter(([e]) => e === 'shared').map(([, d]) => d);
  // A never-ending observable answer runs until the socket goes (then it is unsubscribed).
  socket.emit('stream');
  // Until its first value arrives (a fixed wait was too short on a loaded machine), at most 5 s.
  for (let waited = 0; waited < 5000 && !received.some(([e]) => e === 'stream'); waited += 20) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const streamed = received.some(([e]) => e === 'stream');
  const others = received.filter(([e]) => e !== 'shared' && e !== 'stream');

  // The server closes this one; the next one closes itself.
  const closed = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
  socket.emit('kick');
  const clientSaw = await closed;
  const second = await connect(url);
  second.close();
  await new Promise((r) => setTimeout(r, 100));
  return {
    acks: { ...acks, clientSaw, shared: [...shared].sort() },
    received: others,
    disconnects: [...events.disconnects].sort(),
    connections: events.connections,
    streamed,
    streamsStopped: events.streamsStopped,
  };
}

describe('RealtimeIoAdapter message handling', () => {
  let outcomes: { nest: Outcome; realtime: Outcome };

  beforeAll(async () => {
    const nest = await start((app) => new IoAdapter(app));
    const nestOutcome = await scenario(nest.url).finally(() => nest.app.close());
    const realtime = await start((app) => new RealtimeIoAdapter(app, undefined, ['*']));
    const realtimeOutcome = await scenario(realtime.url).finally(() => realtime.app.close());
    outcomes = { nest: nestOutcome, realtime: realtimeOutcome };
  });

  it('should answer exactly as Nest’s IoAdapter does', () => {
    expect(outcomes.realtime).toEqual(outcomes.nest);
  });

  it('should ack values, promises and the first value of an observable, and nothing for null or unknown events', () => {
    const { acks } = outcomes.realtime;
    expect(acks.value).toEqual({ got: { a: 1 } });
    expect(acks.valueNoPayload).toEqual({});
    expect(acks.promise).toEqual({ later: 'p' });
    expect(acks.nothing).toBe(NO_ACK);
    expect(acks.observableAck).toBe(1);
    expect(acks.args).toEqual({ body: [1, 'two', { three: 3 }] });
    expect(acks.who).toEqual({ connected: true, hasId: true });
    expect(acks.second).toEqual({ second: 2 });
    expect(acks.unknownEvent).toBe(NO_ACK);
  });

  it('should emit `{ event, data }` answers instead of acking them, from observables too, and run both gateways on one message', () => {
    const { acks, received } = outcomes.realtime;
    expect(acks.event).toBe(NO_ACK);
    expect(acks.observableEvents).toBe(NO_ACK);
    expect(received).toEqual(
      expect.arrayContaining([
        ['reply', { e: 1 }],
        ['tick', 1],
        ['tick', 2],
        ['reply', 'no ack wanted'],
      ]),
    );
    expect(acks.shared).toEqual(['A', 'B']);
  });

  it('should send errors through Nest’s exception filter (`exception` event) and keep the event working', () => {
    const { acks, received } = outcomes.realtime;
    const exceptions = received.filter(([e]) => e === 'exception').map(([, d]) => d);
    expect(acks.wsError).toBe(NO_ACK);
    expect(exceptions).toEqual([
      { status: 'error', message: 'nope', cause: { pattern: 'ws-error', data: { x: 1 } } },
      { code: 42, message: 'object error' },
      { status: 'error', message: 'Internal server error', cause: { pattern: 'crash', data: 'c' } },
      { status: 'error', message: 'n must be 1 to 10', cause: { pattern: 'validated', data: { n: 99 } } },
      { status: 'error', message: 'Forbidden resource', cause: { pattern: 'guarded', data: { deny: true } } },
    ]);
    expect(acks.validOk).toEqual({ n: 3, isDto: true });
    expect(acks.guardedOk).toBe('allowed');
    expect(acks.intercepted).toEqual({ wrapped: 7 });
    expect(acks.manual).toEqual({ manual: 'm' });
    expect(acks.afterShared).toEqual({ got: 'sync' });
  });

  it('should stop a running observable answer when the socket disconnects', () => {
    expect(outcomes.realtime.streamed).toBe(true);
    expect(outcomes.realtime.streamsStopped).toBe(1);
  });

  it('should call handleConnection and handleDisconnect with the reason', () => {
    const outcome = outcomes.realtime;
    expect(outcome.connections).toBe(2);
    expect(outcome.acks.clientSaw).toBe('io server disconnect');
    expect(outcome.disconnects).toEqual(['client namespace disconnect', 'server namespace disconnect']);
  });
});
