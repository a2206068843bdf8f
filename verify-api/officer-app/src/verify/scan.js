// Scanned text → a parsed mark, a MALFORMED reason or a FOREIGN host: docs/mark-format.md sections
// 1, 6, 7 and 8, a port of the SDK's MarkCodec, ScanText, Base32 and Gtin. Never throws, for any
// value (not only strings); the length is checked before anything else, so oversized junk costs one
// comparison. Case is folded in ASCII only (section 6): toUpperCase() would fold ı, ſ and the Kelvin
// sign into I, S and K and make a look-alike host read as the programme's.

import { algorithmOfCode } from './crypto.js';
import { toHex } from './bytes.js';

export const MAX_INPUT_CHARS = 512; // section 7
const RECORD_LENGTH = 85; // section 1
const SERIAL_OFFSET = 13;
const SIGNATURE_OFFSET = 21;
const PLAIN_CHARS = 136; // base32 of 85 bytes
const GS1_QUERY_CHARS = 124; // base32 of 77 bytes (the record without the serial)
const PLAIN_PATH = '/M/';
const GS1_KEY = '?M=';
const DETAIL_MAX = 80;

// ---------------------------------------------------------------- character rules (section 8)

/** Step 3: exactly SP, HT, LF, CR and GS U+001D are stripped from both ends, nothing else. */
function isStrippedSpace(c) {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x1d;
}

/** Step 4: C0, DEL, C1 (U+0085 included), any surrogate, U+FFFD. */
function isBinary(c) {
  return c < 0x20 || (c >= 0x7f && c < 0xa0) || (c >= 0xd800 && c <= 0xdfff) || c === 0xfffd;
}

// Step 5: general categories Zs (but U+0020), Zl, Zp and Cf in the BMP as of Unicode 13 (Java 17's
// Character.getType, which the SDK uses). A fixed table, not /\p{Cf}/u: the browser's Unicode version
// would otherwise decide (Unicode 14 added U+0890 and U+0891 to Cf). Outside the BMP everything is a
// surrogate pair and already BINARY.
const INVISIBLE_RANGES = [
  [0x00a0, 0x00a0], [0x00ad, 0x00ad], [0x0600, 0x0605], [0x061c, 0x061c], [0x06dd, 0x06dd], [0x070f, 0x070f],
  [0x08e2, 0x08e2], [0x1680, 0x1680], [0x180e, 0x180e], [0x2000, 0x200f], [0x2028, 0x202f], [0x205f, 0x2064],
  [0x2066, 0x206f], [0x3000, 0x3000], [0xfeff, 0xfeff], [0xfff9, 0xfffb],
];

function isInvisible(c) {
  for (const [lo, hi] of INVISIBLE_RANGES) {
    if (c >= lo && c <= hi) return true;
  }
  return false;
}

function upperChar(c) {
  return c >= 0x61 && c <= 0x7a ? c - 32 : c;
}

/** ASCII upper case of a string; every other character is left as it is. */
export function upperAscii(s) {
  let out = '';
  for (let i = 0; i < s.length; i++) out += String.fromCharCode(upperChar(s.charCodeAt(i)));
  return out;
}

function regionMatchesIgnoreAsciiCase(s, offset, what) {
  if (offset < 0 || offset + what.length > s.length) return false;
  for (let i = 0; i < what.length; i++) {
    if (upperChar(s.charCodeAt(offset + i)) !== upperChar(what.charCodeAt(i))) return false;
  }
  return true;
}

function equalsIgnoreAsciiCase(a, b) {
  return a.length === b.length && regionMatchesIgnoreAsciiCase(a, 0, b);
}

/** LDH host name (letters, digits, hyphens, dots), 1–253 characters, no empty label at the ends or inside. */
export function isValidHost(h) {
  if (typeof h !== 'string' || h.length === 0 || h.length > 253 || h.startsWith('.') || h.endsWith('.')
      || h.includes('..')) {
    return false;
  }
  return /^[A-Za-z0-9.-]*$/.test(h);
}

// ---------------------------------------------------------------- base32 (RFC 4648 §6, section 6)

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function b32Value(c) {
  if (c >= 0x41 && c <= 0x5a) return c - 0x41;
  if (c >= 0x61 && c <= 0x7a) return c - 0x61;
  if (c >= 0x32 && c <= 0x37) return c - 0x32 + 26;
  return -1;
}

function encodedLength(n) {
  return Math.floor((n * 8 + 4) / 5);
}

/**
 * Decodes s[from, to); null unless it is canonical unpadded base32 (either case): a length no whole
 * number of bytes gives, a character outside the alphabet and non-zero trailing bits are refused, so
 * one record has one text form apart from case.
 */
export function base32Decode(s, from = 0, to = s.length) {
  const chars = to - from;
  const n = Math.floor((chars * 5) / 8);
  if (chars < 0 || encodedLength(n) !== chars) return null;
  const out = new Uint8Array(n);
  let buffer = 0;
  let bits = 0;
  let o = 0;
  for (let i = from; i < to; i++) {
    const v = b32Value(s.charCodeAt(i));
    if (v < 0) return null;
    buffer = ((buffer << 5) | v) & 0xfff; // at most 12 live bits
    bits += 5;
    if (bits >= 8) {
      out[o++] = (buffer >>> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  if ((buffer & ((1 << bits) - 1)) !== 0) return null; // non-zero padding bits: not canonical
  return out;
}

export function base32Encode(bytes) {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const b of bytes) {
    buffer = ((buffer << 8) | b) & 0xfff;
    bits += 8;
    while (bits >= 5) {
      out += B32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += B32[(buffer << (5 - bits)) & 31];
  return out;
}

/** GS1 General Specifications 7.9.1: 14 digits, the last the mod-10 check digit. */
export function isValidGtin(s) {
  if (typeof s !== 'string' || s.length !== 14 || !/^[0-9]{14}$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += (s.charCodeAt(i) - 48) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10 === s.charCodeAt(13) - 48;
}

// ---------------------------------------------------------------- the parser (section 8's steps in order)

function malformed(reason, detail) {
  return { kind: 'MALFORMED', reason, detail };
}

function clip(s) {
  return s.length <= DETAIL_MAX ? s : s.substring(0, DETAIL_MAX) + '…';
}

function hex4(c) {
  return c.toString(16).toUpperCase().padStart(4, '0');
}

/**
 * Parses scanned text against the programme's hosts (a Set of ASCII-upper-case names). Returns
 * { kind: 'PARSED', mark, host } | { kind: 'MALFORMED', reason, detail } | { kind: 'FOREIGN', host }.
 */
export function parseScan(scanned, hosts) {
  if (scanned === null || scanned === undefined || scanned === '') return malformed('EMPTY', '');
  if (typeof scanned !== 'string') return malformed('NOT_A_MARK', `a ${typeof scanned}, not text`);
  if (scanned.length > MAX_INPUT_CHARS) return malformed('TOO_LONG', `${scanned.length} characters`);
  let from = 0;
  let to = scanned.length;
  while (from < to && isStrippedSpace(scanned.charCodeAt(from))) from++;
  while (to > from && isStrippedSpace(scanned.charCodeAt(to - 1))) to--;
  const s = scanned.substring(from, to);
  if (s.length === 0) return malformed('EMPTY', 'only white space');
  for (let i = 0; i < s.length; i++) {
    if (isBinary(s.charCodeAt(i))) return malformed('BINARY', `character ${i}`);
  }
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isInvisible(c)) return malformed('INVISIBLE', `U+${hex4(c)} at character ${i}`);
  }
  const sep = s.indexOf('://');
  if (sep < 0) {
    return s.length === PLAIN_CHARS ? decodeRecord(s, 0, null)
      : malformed('NOT_A_MARK', `${s.length} characters, not a URL`);
  }
  const scheme = s.substring(0, sep);
  const hostStart = sep + 3;
  let hostEnd = hostStart;
  while (hostEnd < s.length && '/?#'.indexOf(s[hostEnd]) < 0) hostEnd++;
  const host = s.substring(hostStart, hostEnd);
  // Step 7 before the scheme and path: userinfo, ports, look-alike letters, other domains are not ours.
  if (!hosts.has(upperAscii(host))) return { kind: 'FOREIGN', host: clip(host) };
  if (!equalsIgnoreAsciiCase(scheme, 'https')) return malformed('NOT_HTTPS', clip(scheme));
  const rest = s.substring(hostEnd);
  if (rest.length === PLAIN_PATH.length + PLAIN_CHARS && regionMatchesIgnoreAsciiCase(rest, 0, PLAIN_PATH)) {
    return decodeRecord(rest, PLAIN_PATH.length, host);
  }
  if (regionMatchesIgnoreAsciiCase(rest, 0, PLAIN_PATH)) {
    return checkBase32Then(rest, PLAIN_PATH.length, rest.length,
      malformed('BAD_LENGTH', `${rest.length - 3} characters, expected ${PLAIN_CHARS}`));
  }
  if (rest.startsWith('/01/')) return parseGs1(rest, host);
  return malformed('BAD_PATH', clip(rest));
}

/** Section 6, GS1 Digital Link: /01/<GTIN-14>/21/<13 base32>?M=<124 base32>, checked position by position. */
function parseGs1(rest, host) {
  const gtinEnd = 4 + 14;
  if (rest.length < gtinEnd || !rest.startsWith('/21/', gtinEnd)) {
    return malformed('BAD_PATH', 'expected /01/<14 digits>/21/<serial>');
  }
  const gtin = rest.substring(4, gtinEnd);
  if (!isValidGtin(gtin)) return malformed('BAD_GTIN', clip(gtin));
  const serialStart = gtinEnd + 4;
  const q = rest.indexOf('?', serialStart);
  const serialEnd = q < 0 ? rest.length : q;
  const serial = serialEnd - serialStart === 13 ? base32Decode(rest, serialStart, serialEnd) : null;
  if (serial === null) return malformed('BAD_SERIAL', clip(rest.substring(serialStart, serialEnd)));
  if (q < 0 || !regionMatchesIgnoreAsciiCase(rest, q, GS1_KEY)) {
    return malformed('BAD_PATH', 'missing ?M= with the signed record');
  }
  const dataStart = q + GS1_KEY.length;
  if (rest.length - dataStart !== GS1_QUERY_CHARS) {
    return checkBase32Then(rest, dataStart, rest.length,
      malformed('BAD_LENGTH', `${rest.length - dataStart} characters after ?M=, expected ${GS1_QUERY_CHARS}`));
  }
  const partial = base32Decode(rest, dataStart, rest.length);
  if (partial === null) return malformed('BAD_ENCODING', 'after ?M=');
  // The verifier rebuilds the 85-byte record by inserting the AI 21 serial at offset 13.
  const record = new Uint8Array(RECORD_LENGTH);
  record.set(partial.subarray(0, SERIAL_OFFSET), 0);
  record.set(serial, SERIAL_OFFSET);
  record.set(partial.subarray(SERIAL_OFFSET), SIGNATURE_OFFSET);
  return fromRecord(record, gtin, host);
}

function checkBase32Then(s, from, to, otherwise) {
  for (let i = from; i < to; i++) {
    if (b32Value(s.charCodeAt(i)) < 0) return malformed('BAD_ENCODING', `character ${i - from} of the code`);
  }
  return otherwise;
}

function decodeRecord(s, from, host) {
  const record = base32Decode(s, from, s.length);
  if (record === null) {
    return checkBase32Then(s, from, s.length, malformed('BAD_ENCODING', 'non-zero trailing bits'));
  }
  return fromRecord(record, null, host);
}

/** Section 1 and step 11: the 85-byte record's fields; the version is checked before the algorithm. */
export function fromRecord(record, gtin, host) {
  if (record.length !== RECORD_LENGTH) {
    return malformed('BAD_LENGTH', `${record.length} bytes, expected ${RECORD_LENGTH}`);
  }
  const header = record[0];
  if (header >>> 4 !== 1) return malformed('UNSUPPORTED_VERSION', `version ${header >>> 4}`);
  const algorithm = algorithmOfCode(header & 0x0f);
  if (algorithm === null) return malformed('UNKNOWN_ALGORITHM', `algorithm code ${header & 0x0f}`);
  const be = (o) => ((record[o] << 24) >>> 0) + (record[o + 1] << 16) + (record[o + 2] << 8) + record[o + 3];
  const mark = Object.freeze({
    algorithm,
    keyId: toHex(record.subarray(1, 5)),
    productId: be(5),
    batchId: be(9),
    serial: toHex(record.subarray(SERIAL_OFFSET, SIGNATURE_OFFSET)),
    gtin,
    record: Uint8Array.from(record),
  });
  return { kind: 'PARSED', mark, host };
}

const PREFIX_PLAIN = 'MARKAUTH-MARK-v1';
const PREFIX_GS1 = 'MARKAUTH-GS1-v1';

/**
 * Section 5: "MARKAUTH-MARK-v1" ‖ TBS (37 bytes), or "MARKAUTH-GS1-v1" ‖ GTIN-14 ASCII ‖ TBS (50 bytes).
 */
export function signatureInput(mark) {
  const prefix = mark.gtin === null ? PREFIX_PLAIN : PREFIX_GS1 + mark.gtin;
  const out = new Uint8Array(prefix.length + SIGNATURE_OFFSET);
  for (let i = 0; i < prefix.length; i++) out[i] = prefix.charCodeAt(i);
  out.set(mark.record.subarray(0, SIGNATURE_OFFSET), prefix.length);
  return out;
}

export function signatureOf(mark) {
  return mark.record.subarray(SIGNATURE_OFFSET, RECORD_LENGTH);
}
