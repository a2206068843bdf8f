// A strict JSON reader over bytes for the trust list (docs/mark-format.md section 10), made to refuse
// and accept exactly what the SDK's reader (Jackson 2.22 with STRICT_DUPLICATE_DETECTION, default
// StreamReadConstraints) does, because the refusal code is part of the format: JSON.parse would lose
// the byte range of the payload (the canonical check compares bytes), the difference between 7 and
// 7.0 (an integer is required), integers beyond 2^53 and duplicate members.
//
// Values: { type: 'object', members: Map<name, value>, from, to } | { type: 'array', items } |
// { type: 'string', value } | { type: 'number', text, integral } | { type: 'boolean'|'null' }.
// from/to: the value's byte range in the document. Errors: JsonError with duplicate = true for a
// member given twice, else a syntax error.

export class JsonError extends Error {
  constructor(message, duplicate = false) {
    super(message);
    this.duplicate = duplicate;
  }
}

const MAX_DEPTH = 1000; // Jackson StreamReadConstraints.DEFAULT_MAX_DEPTH
const MAX_NUMBER_LENGTH = 1000; // DEFAULT_MAX_NUM_LEN
const MAX_NAME_LENGTH = 50000; // DEFAULT_MAX_NAME_LEN

class Parser {
  constructor(bytes, position) {
    this.b = bytes;
    this.i = position;
    this.depth = 0;
  }

  fail(what) {
    throw new JsonError(`${what} at byte ${this.i}`);
  }

  ws() {
    const b = this.b;
    while (this.i < b.length) {
      const c = b[this.i];
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.i++;
      else break;
    }
  }

  peek() {
    this.ws();
    if (this.i >= this.b.length) this.fail('unexpected end of input');
    return this.b[this.i];
  }

  value() {
    const c = this.peek();
    const from = this.i;
    if (c === 0x7b) return this.object(from);
    if (c === 0x5b) return this.array(from);
    if (c === 0x22) {
      const value = this.string();
      return { type: 'string', value, from, to: this.i };
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.number(from);
    for (const [word, v] of [['true', { type: 'boolean', value: true }], ['false', { type: 'boolean', value: false }],
      ['null', { type: 'null' }]]) {
      if (this.matchWord(word)) return { ...v, from, to: this.i };
    }
    return this.fail('unexpected character');
  }

  matchWord(w) {
    for (let k = 0; k < w.length; k++) {
      if (this.b[this.i + k] !== w.charCodeAt(k)) return false;
    }
    const next = this.b[this.i + w.length];
    // Jackson refuses "truex": a letter or digit right after the word is part of an unknown token
    if (next !== undefined && ((next >= 0x30 && next <= 0x39) || (next | 0x20) >= 0x61 && (next | 0x20) <= 0x7a
        || next === 0x5f || next >= 0x80)) {
      return false;
    }
    this.i += w.length;
    return true;
  }

  enter() {
    if (++this.depth > MAX_DEPTH) this.fail(`nesting depth exceeds ${MAX_DEPTH}`);
  }

  /**
   * Members in document order. A repeated member is refused when its name is read, before its value,
   * as Jackson's STRICT_DUPLICATE_DETECTION does (so `{"a":1,"a":tru` is a duplicate, not a syntax error).
   */
  object(from) {
    this.enter();
    this.i++; // {
    const members = new Map();
    if (this.peek() === 0x7d) {
      this.i++;
    } else {
      for (;;) {
        if (this.peek() !== 0x22) this.fail('expected a member name');
        const name = this.string();
        if (name.length > MAX_NAME_LENGTH) this.fail(`name longer than ${MAX_NAME_LENGTH}`);
        if (members.has(name)) throw new JsonError(`Duplicate field '${name}'`, true);
        if (this.peek() !== 0x3a) this.fail("expected ':'");
        this.i++;
        members.set(name, this.value());
        const c = this.peek();
        this.i++;
        if (c === 0x7d) break;
        if (c !== 0x2c) { this.i--; this.fail("expected ',' or '}'"); }
      }
    }
    this.depth--;
    return { type: 'object', members, from, to: this.i };
  }

  array(from) {
    this.enter();
    this.i++; // [
    const items = [];
    if (this.peek() === 0x5d) {
      this.i++;
    } else {
      for (;;) {
        items.push(this.value());
        const c = this.peek();
        this.i++;
        if (c === 0x5d) break;
        if (c !== 0x2c) { this.i--; this.fail("expected ',' or ']'"); }
      }
    }
    this.depth--;
    return { type: 'array', items, from, to: this.i };
  }

  /** RFC 8259 number grammar (no leading zeros, no '+', digits after '.' and 'e'). */
  number(from) {
    const b = this.b;
    const digit = (k) => b[k] >= 0x30 && b[k] <= 0x39;
    if (b[this.i] === 0x2d) this.i++;
    const intStart = this.i;
    if (!digit(this.i)) this.fail('expected a digit');
    if (b[this.i] === 0x30) {
      this.i++;
      if (digit(this.i)) this.fail('leading zeroes are not allowed');
    } else {
      while (digit(this.i)) this.i++;
    }
    const intDigits = this.i - intStart;
    let integral = true;
    if (b[this.i] === 0x2e) {
      integral = false;
      this.i++;
      if (!digit(this.i)) this.fail('expected a digit after the decimal point');
      while (digit(this.i)) this.i++;
    }
    if (b[this.i] === 0x65 || b[this.i] === 0x45) {
      integral = false;
      this.i++;
      if (b[this.i] === 0x2b || b[this.i] === 0x2d) this.i++;
      if (!digit(this.i)) this.fail('expected a digit in the exponent');
      while (digit(this.i)) this.i++;
    }
    if ((integral ? intDigits : this.i - from) > MAX_NUMBER_LENGTH) this.fail('number too long');
    let text = '';
    for (let k = from; k < this.i; k++) text += String.fromCharCode(b[k]);
    return { type: 'number', text, integral, from, to: this.i };
  }

  /**
   * A string, decoded like Jackson's UTF-8 reader: escapes \" \\ \/ \b \f \n \r \t \uXXXX only,
   * no raw control characters, multi-byte sequences by their lead byte (C0–DF two, E0–EF three,
   * F0–F7 four) with continuation bytes 10xxxxxx.
   */
  string() {
    const b = this.b;
    this.i++; // "
    let out = '';
    for (;;) {
      if (this.i >= b.length) this.fail('unterminated string');
      const c = b[this.i++];
      if (c === 0x22) return out;
      if (c === 0x5c) {
        const e = b[this.i++];
        switch (e) {
          case 0x22: out += '"'; break;
          case 0x5c: out += '\\'; break;
          case 0x2f: out += '/'; break;
          case 0x62: out += '\b'; break;
          case 0x66: out += '\f'; break;
          case 0x6e: out += '\n'; break;
          case 0x72: out += '\r'; break;
          case 0x74: out += '\t'; break;
          case 0x75: {
            let v = 0;
            for (let k = 0; k < 4; k++) {
              const h = b[this.i++];
              const d = h >= 0x30 && h <= 0x39 ? h - 0x30 : (h | 0x20) >= 0x61 && (h | 0x20) <= 0x66 ? (h | 0x20) - 0x57 : -1;
              if (d < 0) this.fail('bad \\u escape');
              v = (v << 4) | d;
            }
            out += String.fromCharCode(v);
            break;
          }
          default: this.fail('unrecognized escape');
        }
        continue;
      }
      if (c < 0x20) this.fail('unescaped control character in a string');
      if (c < 0x80) {
        out += String.fromCharCode(c);
        continue;
      }
      let need;
      let cp;
      if (c >= 0xc0 && c <= 0xdf) { need = 1; cp = c & 0x1f; }
      else if (c >= 0xe0 && c <= 0xef) { need = 2; cp = c & 0x0f; }
      else if (c >= 0xf0 && c <= 0xf7) { need = 3; cp = c & 0x07; }
      else { this.i--; this.fail('invalid UTF-8 start byte'); }
      for (let k = 0; k < need; k++) {
        const d = b[this.i++];
        if (d === undefined || (d & 0xc0) !== 0x80) { this.i--; this.fail('invalid UTF-8 middle byte'); }
        cp = (cp << 6) | (d & 0x3f);
      }
      if (need === 3) {
        const v = cp - 0x10000;
        out += String.fromCharCode(0xd800 + ((v >> 10) & 0x3ff), 0xdc00 + (v & 0x3ff));
      } else {
        out += String.fromCharCode(cp & 0xffff);
      }
    }
  }
}

/**
 * Reads the object that starts at byte `at` (which must be '{'); returns { value, end } with end the
 * offset just after its closing brace. The caller decides what may follow (TrustListCodec: one LF).
 */
export function readObject(bytes, at = 0) {
  const p = new Parser(bytes, at);
  if (p.peek() !== 0x7b) throw new JsonError('a JSON object is required');
  const value = p.value();
  return { value, end: p.i };
}
