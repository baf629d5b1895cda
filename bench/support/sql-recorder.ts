import { Client } from 'pg';

export type RecordedStatement = { text: string; values: unknown[] };

type QueryArgs = [unknown, unknown?, unknown?];

/**
 * Records the SQL statements the app sends to PostgreSQL while `fn` runs (by wrapping pg's
 * Client#query), so a benchmark can replay exactly those statements as its "bare SQL" baseline.
 */
export async function recordStatements(fn: () => Promise<void>): Promise<RecordedStatement[]> {
  const recorded: RecordedStatement[] = [];
  const proto = Client.prototype as unknown as { query: (...args: QueryArgs) => unknown };
  const original = proto.query;
  proto.query = function (this: Client, ...args: QueryArgs): unknown {
    const [config, values] = args;
    if (typeof config === 'string')
      recorded.push({ text: config, values: Array.isArray(values) ? values : [] });
    else if (config && typeof config === 'object' && 'text' in config) {
      const c = config as { text: string; values?: unknown[] };
      recorded.push({ text: c.text, values: c.values ?? (Array.isArray(values) ? values : []) });
    }
    return original.apply(this, args);
  };
  try {
    await fn();
  } finally {
    proto.query = original;
  }
  return recorded;
}
