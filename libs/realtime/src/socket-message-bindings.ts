import type { Logger } from '@nestjs/common';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { isObservable, type Subscription } from 'rxjs';
import type { Socket } from 'socket.io';

type Ack = (...args: unknown[]) => void;
type DisconnectCallback = (reason: string) => unknown;
type PayloadMapper = (payload: unknown) => { data: unknown; ack?: Ack };

/** What one socket needs for its `@SubscribeMessage` handlers and disconnect hooks; hung on the socket itself. */
type SocketBindings = {
  /** Nest's handlers for this socket (every gateway's), each already bound to the socket. */
  handlers: MessageMappingProperties[];
  /** Nest's per-gateway disconnect callbacks, in the order the gateways were wired. */
  disconnect: DisconnectCallback[];
  /** Observable answers still running (rare: handlers here return values or promises). */
  running: Set<Subscription> | undefined;
};

const NONE: never[] = [];

const BINDINGS = Symbol('homegroup.socketBindings');
type BoundSocket = Socket & { [BINDINGS]?: SocketBindings };

/** One listener function for every socket: EventEmitter calls it with the emitting socket as `this`. */
function asSocketListener<A extends unknown[]>(
  handle: (socket: Socket, args: A) => void,
): (this: Socket, ...args: A) => void {
  return function (this: Socket, ...args: A): void {
    handle(this, args);
  };
}

/**
 * The message and disconnect wiring of Nest's IoAdapter, with the same results, without its per-socket rxjs
 * chains: `IoAdapter.bindMessageHandlers` builds, for every handler of every gateway and every socket,
 * `fromEvent(socket, message).pipe(mergeMap(…), takeUntil(disconnect$))` plus a shared `disconnect$`, about
 * 13 KB of subscribers and closures per socket. Here each socket gets one listener function per message
 * name that is shared by all sockets (EventEmitter calls it with the socket as `this`), and one object
 * holding the handlers Nest bound to it.
 *
 * Semantics kept from IoAdapter (@nestjs/platform-socket.io 12):
 * - the payload is the event's only argument, or all its arguments as an array (rxjs `fromEvent`), split by
 *   `mapPayload` into data and a trailing ack function;
 * - the handler is called at once; Nest's callback already runs guards, pipes, interceptors and exception
 *   filters (WsContextCreator/WsProxy), so an exception becomes the filter's `exception` event as before;
 * - the result is awaited (Nest's `transform`: a value, a promise or an observable whose values all count);
 *   `null`/`undefined` answers nothing, `{ event, data }` is emitted to the socket, anything else goes to the
 *   ack unless the handler acks manually (`@Ack()`);
 * - nothing is answered once the socket has disconnected (`takeUntil(disconnect$)`), and a running
 *   observable answer is unsubscribed then;
 * - a failure outside the filters (e.g. a filter that rethrows) is logged, and the event keeps working.
 */
export class SocketMessageBindings {
  private readonly listeners = new Map<string, (this: Socket, ...args: unknown[]) => void>();
  private readonly onDisconnect: (this: Socket, reason: string) => void;

  constructor(
    private readonly logger: Logger,
    private readonly mapPayload: PayloadMapper,
  ) {
    this.onDisconnect = asSocketListener((socket, [reason]: [string]) => this.disconnected(socket, reason));
  }

  bindMessageHandlers(socket: Socket, handlers: MessageMappingProperties[]): void {
    const bindings = this.bindingsOf(socket);
    for (const handler of handlers) {
      const message = String(handler.message);
      if (!bindings.handlers.some((h) => String(h.message) === message))
        socket.on(message, this.listenerFor(message));
    }
    // concat, not push: exact-size arrays (a push reserves room for 17 elements).
    bindings.handlers = bindings.handlers.concat(handlers);
  }

  bindClientDisconnect(socket: Socket, callback: DisconnectCallback): void {
    const bindings = this.bindingsOf(socket);
    bindings.disconnect = bindings.disconnect.concat(callback);
  }

  private bindingsOf(socket: BoundSocket): SocketBindings {
    let bindings = socket[BINDINGS];
    if (!bindings) {
      bindings = { handlers: NONE, disconnect: NONE, running: undefined };
      socket[BINDINGS] = bindings;
      // `on`, not `once` (which wraps every listener): Socket.IO emits `disconnect` once per socket.
      socket.on('disconnect', this.onDisconnect);
    }
    return bindings;
  }

  private listenerFor(message: string): (this: Socket, ...args: unknown[]) => void {
    let listener = this.listeners.get(message);
    if (!listener) {
      listener = asSocketListener((socket, args: unknown[]) =>
        this.dispatch(socket, message, args.length > 1 ? args : args[0]),
      );
      this.listeners.set(message, listener);
    }
    return listener;
  }

  private dispatch(socket: BoundSocket, message: string, payload: unknown): void {
    const bindings = socket[BINDINGS];
    if (!bindings) return;
    const { data, ack } = this.mapPayload(payload);
    for (const handler of bindings.handlers) {
      if (String(handler.message) !== message) continue;
      let result: unknown;
      try {
        result = handler.callback(data, ack);
      } catch (error) {
        this.logger.error(error);
        continue;
      }
      const manual = handler.isAckHandledManually;
      Promise.resolve(result)
        .then((value) => this.answer(socket, bindings, value, ack, manual))
        .catch((error: unknown) => this.logger.error(error));
    }
  }

  private answer(
    socket: Socket,
    bindings: SocketBindings,
    value: unknown,
    ack: Ack | undefined,
    manual: boolean,
  ): void {
    if (!isObservable(value)) {
      this.reply(socket, value, ack, manual);
      return;
    }
    if (socket.disconnected) return;
    const subscription = value.subscribe({
      next: (item) => this.reply(socket, item, ack, manual),
      error: (error: unknown) => this.logger.error(error),
    });
    // An observable may have finished inside subscribe(); a running one is stopped on disconnect.
    if (subscription.closed) return;
    const running = (bindings.running ??= new Set());
    running.add(subscription);
    subscription.add(() => running.delete(subscription));
  }

  private reply(socket: Socket, value: unknown, ack: Ack | undefined, manual: boolean): void {
    if (value === null || value === undefined || socket.disconnected) return;
    const response = value as { event?: string; data?: unknown };
    if (response.event) {
      socket.emit(response.event, response.data);
      return;
    }
    if (!manual && typeof ack === 'function') ack(value);
  }

  private disconnected(socket: BoundSocket, reason: string): void {
    const bindings = socket[BINDINGS];
    if (!bindings) return;
    if (bindings.running) {
      for (const subscription of bindings.running) subscription.unsubscribe();
      bindings.running.clear();
    }
    for (const callback of bindings.disconnect) {
      try {
        callback(reason);
      } catch (error) {
        this.logger.error(error);
      }
    }
  }
}
