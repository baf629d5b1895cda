import { fork, type ChildProcess } from 'node:child_process';

/**
 * A benchmark's load generator as a child process (so the server's heap, CPU and event loop in the parent are its
 * own), answering one IPC message per request: `request` sends one and resolves with the answer of the expected
 * kind. An answer `{ kind: 'error', message }` rejects.
 */
export class LoadChild<Req extends { kind: string }, Res extends { kind: string }> {
  private waiting: ((m: Res | { kind: 'error'; message: string }) => void) | undefined;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: Res | { kind: 'error'; message: string }) => {
      const w = this.waiting;
      this.waiting = undefined;
      w?.(m);
    });
  }

  /** Forks `modulePath` (a built .js file) with the parent's stdout and stderr. */
  static start<Req extends { kind: string }, Res extends { kind: string }>(
    modulePath: string,
    env: Record<string, string> = {},
  ): LoadChild<Req, Res> {
    const child = fork(modulePath, [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, ...env },
    });
    return new LoadChild<Req, Res>(child);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  request<T extends Res>(message: Req, kind: T['kind']): Promise<T> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null): void => reject(new Error(`load generator exited (${code})`));
      this.child.once('exit', onExit);
      this.waiting = (m) => {
        this.child.off('exit', onExit);
        if (m.kind === 'error') reject(new Error(`load generator: ${(m as { message: string }).message}`));
        else if (m.kind !== kind) reject(new Error(`load generator answered ${m.kind}, expected ${kind}`));
        else resolve(m as T);
      };
      this.child.send(message);
    });
  }

  /** Asks it to exit (`{ kind: 'exit' }`), and kills it 2 s later if it has not. */
  stop(): void {
    if (this.child.connected) this.child.send({ kind: 'exit' });
    setTimeout(() => this.child.kill(), 2000).unref();
  }
}
