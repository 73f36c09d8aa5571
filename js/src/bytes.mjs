// Byte strings: hex, concatenation and the SCALE integer encodings the chain's messages use.

/** `0x`-prefixed lowercase hex of `bytes`. */
export function toHex(bytes) {
  return `0x${Buffer.from(bytes).toString('hex')}`;
}

/** The bytes of hex, with or without `0x`. */
export function fromHex(hex) {
  const digits = hex.startsWith('0x') ? hex.slice(2) : hex;
  if (digits.length % 2 || /[^0-9a-fA-F]/.test(digits)) throw new Error(`not hex: ${hex}`);
  return new Uint8Array(Buffer.from(digits, 'hex'));
}

/** The bytes of every part in order; a part is a Uint8Array or an array of byte values. */
export function concat(...parts) {
  const arrays = parts.map((part) => (part instanceof Uint8Array ? part : Uint8Array.from(part)));
  const out = new Uint8Array(arrays.reduce((sum, a) => sum + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

/** `value` as a little-endian u32 (SCALE `u32`). */
export function u32(value) {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value, true);
  return bytes;
}

/** `value` (a number or bigint) as a little-endian u64 (SCALE `u64`). */
export function u64(value) {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(value), true);
  return bytes;
}

/** `value` as a little-endian i16 (SCALE `i16`). */
export function i16(value) {
  const bytes = new Uint8Array(2);
  new DataView(bytes.buffer).setInt16(0, value, true);
  return bytes;
}

/** `value` (a number or bigint) in SCALE's compact encoding. */
export function compact(value) {
  const n = BigInt(value);
  if (n < 0n) throw new Error('compact encodes non-negative integers');
  if (n < 1n << 6n) return Uint8Array.of(Number(n) << 2);
  if (n < 1n << 14n) return Uint8Array.of(Number((n << 2n) & 0xffn) | 1, Number(n >> 6n));
  if (n < 1n << 30n) {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, Number((n << 2n) | 2n), true);
    return bytes;
  }
  const body = [];
  for (let rest = n; rest > 0n; rest >>= 8n) body.push(Number(rest & 0xffn));
  return Uint8Array.of(((body.length - 4) << 2) | 3, ...body);
}

/** Base64url without padding, as JWK writes key material. */
export const base64Url = (bytes) => Buffer.from(bytes).toString('base64url');
