// Makes DuckDB write Parquet files into OUT_DIR for the CircuitBench reader tests, then prints
// one line of JSON listing them: [{ "name", "file", "rows", "columns", "options" }].
// Each table covers every supported type, nulls, repeated values (so DuckDB dictionary-encodes)
// and several row groups. Usage: node write-duckdb.mjs OUT_DIR
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { printJson, singleArgument } from './json-values.mjs'

const outDir = resolve(singleArgument('write-duckdb.mjs OUT_DIR'))
mkdirSync(outDir, { recursive: true })

// Row i of the table; the C# tests recompute some of these formulas.
const rowsSql = (count) => `
  SELECT
    i::INTEGER AS id,
    (i * 7919 - 5000000)::INTEGER AS i32,
    CASE WHEN i % 3 = 0 THEN NULL ELSE (i::BIGINT * 1000000007 - 9000000000000000000) END AS i64,
    CASE WHEN i % 4 = 1 THEN NULL ELSE (i / 8.0)::FLOAT END AS f32,
    CASE WHEN i % 11 = 0 THEN 'NaN'::DOUBLE WHEN i % 13 = 0 THEN '-inf'::DOUBLE ELSE i * -0.25 END AS f64,
    CASE WHEN i % 5 = 0 THEN NULL ELSE i % 2 = 0 END AS flag,
    CASE WHEN i % 6 = 0 THEN NULL ELSE 'row ' || i || ' é✓🙂' END AS text,
    'category ' || (i % 7) AS category,
    (i % 4)::INTEGER AS small
  FROM range(${count}) AS t(i)
  ORDER BY i`

// PARQUET_VERSION V2 makes DuckDB use the v2 encodings (it still writes v1 data pages): DELTA_BINARY_PACKED for
// most integers, BYTE_STREAM_SPLIT for floats, so 'v2' keeps the columns it encodes as
// dictionary, PLAIN or BYTE_STREAM_SPLIT, and 'v2-delta' is the unsupported-encoding case.
const v2Columns = 'small, category, flag, f64'
const files = [
  { name: 'uncompressed', rows: 5000, options: 'COMPRESSION uncompressed, ROW_GROUP_SIZE 2048' },
  { name: 'gzip', rows: 5000, options: 'COMPRESSION gzip, ROW_GROUP_SIZE 2048' },
  { name: 'snappy', rows: 5000, options: 'COMPRESSION snappy, ROW_GROUP_SIZE 2048' },
  { name: 'single-row-group', rows: 100, options: 'COMPRESSION snappy' },
  { name: 'empty', rows: 0, options: 'COMPRESSION snappy' },
  { name: 'v2', rows: 5000, columns: v2Columns, options: 'COMPRESSION snappy, ROW_GROUP_SIZE 2048, PARQUET_VERSION V2' },
  { name: 'v2-delta', rows: 100, columns: 'id, i64', options: 'COMPRESSION uncompressed, PARQUET_VERSION V2' },
  { name: 'zstd', rows: 10, options: 'COMPRESSION zstd' },
]

const instance = await DuckDBInstance.create(':memory:')
const connection = await instance.connect()
const listing = []
for (const { name, rows, columns = '*', options } of files) {
  const file = join(outDir, `${name}.parquet`)
  const literal = `'${file.replaceAll("'", "''")}'`
  await connection.run(`COPY (SELECT ${columns} FROM (${rowsSql(rows)})) TO ${literal} (FORMAT parquet, ${options})`)
  listing.push({ name, file, rows, columns, options })
}
printJson(listing)
