import { createClient } from 'redis';

export type RedisCounters = {
  /** PUBLISH calls: the Socket.IO Redis Streams adapter sends emits with an ack, and their answers, by pub/sub. */
  publishes: number;
  /** XADD calls: the adapter's other broadcasts go to its stream. */
  streamAdds: number;
  /** Commands processed, all of them. */
  commands: number;
  /** CPU the Redis server has used (user + system), seconds. */
  cpuSeconds: number;
};

/** Server-wide counters of the Redis at `url` (INFO): shared with anything else using that server. */
export async function readRedisCounters(url: string): Promise<RedisCounters> {
  const client = createClient({ url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const text = await client.info('all');
    const field = (name: string): number => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(text)?.[1] ?? 0);
    const calls = (command: string): number =>
      Number(new RegExp(`^cmdstat_${command}:calls=(\\d+)`, 'm').exec(text)?.[1] ?? 0);
    return {
      publishes: calls('publish'),
      streamAdds: calls('xadd'),
      commands: field('total_commands_processed'),
      cpuSeconds: field('used_cpu_user') + field('used_cpu_sys'),
    };
  } finally {
    await client.quit().catch(() => undefined);
  }
}
