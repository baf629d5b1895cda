import { createClient } from 'redis';
import { adapterRedisClient } from './realtime-io.adapter';

/** A real node-redis client that is not connected: every command rejects, as one in flight when Redis goes away. */
const closedClient = () => createClient({ url: 'redis://127.0.0.1:1' });

describe('adapterRedisClient (the Socket.IO adapter never awaits its PUBLISH)', () => {
  // Jest fails a test on an unhandled rejection, as Node ends a process on one: the unawaited calls below would.
  it('should handle and log a rejected PUBLISH once, and still reject for a caller that awaits it', async () => {
    const logged: string[] = [];
    const client = adapterRedisClient(closedClient(), (message) => logged.push(message));
    void client.publish('channel', 'one');
    void client.publish('channel', 'two');
    await expect(client.publish('channel', 'three')).rejects.toThrow('The client is closed');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/Redis PUBLISH failed \(The client is closed\)/);
    // Other members pass through, bound to the client.
    expect(client.isOpen).toBe(false);
    expect(typeof client.duplicate().connect).toBe('function');
  });
});
