import type { DataSource } from 'typeorm';

/** Where a marker was found: the table (schema-qualified), the column and the marker's name. */
export type ScanHit = { table: string; column: string; marker: string };

/** What one scan read: every column of every table it searched, by schema. */
export type ScanReport = { hits: ScanHit[]; columns: number; tables: string[] };

/**
 * Column types a scan skips: numbers, booleans, dates and times cannot hold an id, an email or a text. Everything
 * else (text, varchar, uuid, json, jsonb, arrays, bytea, enums, …) is cast to text and searched.
 */
const SKIPPED_TYPES = new Set([
  'boolean',
  'smallint',
  'integer',
  'bigint',
  'real',
  'double precision',
  'numeric',
  'date',
  'time without time zone',
  'time with time zone',
  'timestamp without time zone',
  'timestamp with time zone',
  'interval',
]);

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/**
 * Searches EVERY table of the database (every schema but PostgreSQL's own: the app's, pg-boss's, anything a later
 * migration adds) for the markers: each text-like column cast to text, compared case-insensitively as a substring.
 * Partitioned tables are searched both as the parent and as each partition (a hit may be reported twice).
 */
export async function scanDatabase(db: DataSource, markers: Record<string, string>): Promise<ScanReport> {
  const named = Object.entries(markers).filter(([, value]) => value.length > 0);
  const columns = await db.query<{ schema: string; table: string; column: string; type: string }[]>(
    `SELECT c.table_schema AS schema, c.table_name AS table, c.column_name AS column, c.data_type AS type
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE t.table_type = 'BASE TABLE'
        AND c.table_schema NOT IN ('pg_catalog', 'information_schema') AND c.table_schema NOT LIKE 'pg_toast%'
      ORDER BY 1, 2, c.ordinal_position`,
  );
  const searched = columns.filter((c) => !SKIPPED_TYPES.has(c.type));
  const hits: ScanHit[] = [];
  const values = named.map(([, value]) => value.toLowerCase());
  for (const c of searched) {
    const table = `${quote(c.schema)}.${quote(c.table)}`;
    const rows = await db.query<{ i: number }[]>(
      `SELECT m.i FROM unnest($1::text[]) WITH ORDINALITY AS m(value, i)
        WHERE EXISTS (SELECT 1 FROM ${table} x WHERE strpos(lower(x.${quote(c.column)}::text), m.value) > 0)`,
      [values],
    );
    for (const { i } of rows)
      hits.push({ table: `${c.schema}.${c.table}`, column: c.column, marker: named[Number(i) - 1][0] });
  }
  return {
    hits,
    columns: searched.length,
    tables: [...new Set(searched.map((c) => `${c.schema}.${c.table}`))],
  };
}

/** A readable list of hits for a failure message: `marker in schema.table.column`. */
export const describeHits = (hits: ScanHit[]): string[] =>
  hits.map((h) => `${h.marker} in ${h.table}.${h.column}`).sort();
