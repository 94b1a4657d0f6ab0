// Reads a Parquet file with hyparquet and prints its schema, key-value metadata, row groups,
// column-chunk statistics and rows as one line of JSON (values encoded by json-values.mjs).
// GZIP pages are inflated with node:zlib, since hyparquet only bundles snappy.
// Usage: node read-hyparquet.mjs FILE.parquet
import { gunzipSync } from 'node:zlib'
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet'
import { encodeValue, printJson, singleArgument } from './json-values.mjs'

const path = singleArgument('read-hyparquet.mjs FILE.parquet')
const file = await asyncBufferFromFile(path)
const meta = await parquetMetadataAsync(file)
const compressors = { GZIP: (input) => new Uint8Array(gunzipSync(input)) }

const leaves = meta.schema.slice(1)
const schema = leaves.map((element) => ({
  name: element.name,
  type: element.type,
  repetition: element.repetition_type,
  convertedType: element.converted_type ?? null,
  logicalType: element.logical_type?.type ?? null,
}))
const objects = await parquetReadObjects({ file, metadata: meta, compressors })
const rows = objects.map((row) => leaves.map((element) => encodeValue(row[element.name])))

const metadata = Object.fromEntries((meta.key_value_metadata ?? []).map(({ key, value }) => [key, value]))
const columnChunks = meta.row_groups.flatMap((group, rowGroup) => group.columns.map((chunk) => {
  const stats = chunk.meta_data.statistics ?? {}
  return {
    rowGroup,
    path: chunk.meta_data.path_in_schema.join('.'),
    compression: chunk.meta_data.codec,
    nullCount: encodeValue(stats.null_count),
    min: encodeValue(stats.min_value),
    max: encodeValue(stats.max_value),
  }
}))

printJson({
  reader: 'hyparquet',
  schema,
  metadata,
  numRows: encodeValue(meta.num_rows),
  numRowGroups: meta.row_groups.length,
  createdBy: meta.created_by ?? null,
  columnChunks,
  rows,
})
