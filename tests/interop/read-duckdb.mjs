// Reads a Parquet file with DuckDB and prints its schema, key-value metadata, row groups,
// column-chunk statistics and rows as one line of JSON (values encoded by json-values.mjs).
// Usage: node read-duckdb.mjs FILE.parquet
import { DuckDBInstance } from '@duckdb/node-api'
import { encodeValue, printJson, singleArgument } from './json-values.mjs'

const path = singleArgument('read-duckdb.mjs FILE.parquet')
const literal = `'${path.replaceAll("'", "''")}'`

const instance = await DuckDBInstance.create(':memory:')
const connection = await instance.connect()
const query = async (sql) => (await connection.runAndReadAll(sql))

const data = await query(`SELECT * FROM read_parquet(${literal})`)
const schema = data.columnNames().map((name, i) => ({ name, type: data.columnType(i).toString() }))
const rows = data.getRows().map((row) => row.map(encodeValue))

const kv = await query(`SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata(${literal}) ORDER BY k`)
const metadata = Object.fromEntries(kv.getRows().map(([k, v]) => [k, v]))

const fileMeta = await query(`SELECT num_rows, num_row_groups, created_by FROM parquet_file_metadata(${literal})`)
const [numRows, numRowGroups, createdBy] = fileMeta.getRows()[0]

const chunks = await query(`
  SELECT row_group_id, path_in_schema, compression, stats_null_count, stats_min_value, stats_max_value
  FROM parquet_metadata(${literal}) ORDER BY row_group_id, column_id`)
const columnChunks = chunks.getRows().map(([rowGroup, path, compression, nullCount, min, max]) => ({
  rowGroup: encodeValue(rowGroup), path, compression, nullCount: encodeValue(nullCount), min, max,
}))

printJson({
  reader: 'duckdb',
  schema,
  metadata,
  numRows: encodeValue(numRows),
  numRowGroups: encodeValue(numRowGroups),
  createdBy,
  columnChunks,
  rows,
})
