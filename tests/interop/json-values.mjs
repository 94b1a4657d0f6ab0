// Shared JSON encoding of cell values for the interop readers, so that the C# tests can compare
// values exactly: 64-bit integers become decimal strings, non-finite floats and negative zero
// become the strings "NaN", "Infinity", "-Infinity" and "-0"; everything else is plain JSON.

/** Encodes one cell value as a JSON-safe value. */
export function encodeValue(value) {
  if (value === null || value === undefined) return null
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN'
    if (value === Infinity) return 'Infinity'
    if (value === -Infinity) return '-Infinity'
    if (Object.is(value, -0)) return '-0'
    return value
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value
  if (value instanceof Uint8Array) return { bytes: Buffer.from(value).toString('hex') }
  throw new Error(`unexpected cell value of type ${typeof value}: ${String(value)}`)
}

/** Prints a result object as one line of JSON on stdout. */
export function printJson(result) {
  process.stdout.write(JSON.stringify(result) + '\n')
}

/** Returns the single command-line argument or exits with a usage message. */
export function singleArgument(usage) {
  const args = process.argv.slice(2)
  if (args.length !== 1) {
    process.stderr.write(`usage: node ${usage}\n`)
    process.exit(2)
  }
  return args[0]
}
