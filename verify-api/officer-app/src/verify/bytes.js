// Byte helpers shared by the offline verifier: hex in the SDK's form (lowercase, even length),
// ASCII, and a big-endian reader that reports running off the end instead of returning undefined.

import { VerifyError } from './errors.js';

const HEX = '0123456789abcdef';

/** Lowercase hex of bytes, as the SDK's HexFormat.of() prints them. */
export function toHex(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i++) {
    s += HEX[bytes[i] >> 4] + HEX[bytes[i] & 15];
  }
  return s;
}

/**
 * Bytes of a hex string (either case, even length); throws VerifyError BAD_HEX otherwise. The
 * trust-list reader uses its own lowercase-only rule (isLowerHex), as mark-format section 10 demands.
 */
export function fromHex(s) {
  if (typeof s !== 'string' || s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) {
    throw new VerifyError('BAD_HEX', 'expected an even number of hex digits');
  }
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) {
    out[i] = parseInt(s.substr(2 * i, 2), 16);
  }
  return out;
}

/** Lowercase hex with an even number of digits (the empty string included), as TrustListCodec.hex. */
export function isLowerHex(s) {
  return /^(?:[0-9a-f]{2})*$/.test(s);
}

export function ascii(s) {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    out[i] = s.charCodeAt(i) & 0x7f;
  }
  return out;
}

export function concat(...parts) {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function equalBytes(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return false;
  }
  return true;
}

/** Unsigned big-endian integer of bytes as a BigInt. */
export function bigFromBytes(b) {
  let v = 0n;
  for (let i = 0; i < b.length; i++) v = (v << 8n) | BigInt(b[i]);
  return v;
}

/** Unsigned big-endian u32 at an offset, as a number. */
export function u32(b, off) {
  return ((b[off] << 24) >>> 0) + (b[off + 1] << 16) + (b[off + 2] << 8) + b[off + 3];
}

/**
 * A cursor over a byte array, like java.nio.ByteBuffer: reads advance the position, and reading
 * past the end throws Underflow (the status-list reader turns it into "truncated", as the SDK does
 * with BufferUnderflowException).
 */
export class Reader {
  constructor(bytes, position = 0) {
    this.bytes = bytes;
    this.position = position;
  }

  remaining() {
    return this.bytes.length - this.position;
  }

  need(n) {
    if (this.remaining() < n) throw new Underflow();
  }

  u8() {
    this.need(1);
    return this.bytes[this.position++];
  }

  u32() {
    this.need(4);
    const v = u32(this.bytes, this.position);
    this.position += 4;
    return v;
  }

  /** The next 8 bytes as an unsigned BigInt (0 … 2^64 − 1). */
  u64() {
    this.need(8);
    const v = bigFromBytes(this.bytes.subarray(this.position, this.position + 8));
    this.position += 8;
    return v;
  }

  /** The next 8 bytes as a signed BigInt, as ByteBuffer.getLong reads them. */
  i64() {
    return BigInt.asIntN(64, this.u64());
  }

  take(n) {
    this.need(n);
    const v = this.bytes.slice(this.position, this.position + n);
    this.position += n;
    return v;
  }
}

export class Underflow extends Error {}
