// The worked examples of docs/ (`name = hex` lines), which the Rust tests check too: for the
// tests of depin-js and the integration tests.

import { readFileSync } from 'node:fs';
import { fromHex } from './bytes.mjs';

/** The text of `docs/<name>`. */
export const docText = (name) => readFileSync(new URL(`../../docs/${name}`, import.meta.url), 'utf8');

/** The bytes of the `name = hex` line of the doc `text`. */
export function docValue(text, name) {
  const line = text.split('\n').find((l) => l.split('=')[0].trim() === name);
  if (!line) throw new Error(`the doc has no \`${name} =\` line`);
  return fromHex(line.split('=')[1].trim());
}
