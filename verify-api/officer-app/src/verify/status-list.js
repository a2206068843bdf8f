// The signed status list, docs/mark-format.md sections 10a and 13: a port of the SDK's
// StatusListCodec, BatchStatus, StatusList, Delegation.read and StatusListStore's rules. Binary and
// canonical by construction: records out of order, unsorted or repeated serials, a serial in two
// lists, unknown flags, an empty record in a full list, trailing bytes and a full list whose state
// digest does not match are refused, so what was verified is what is used. Messages are the SDK's.

import { VerifyError } from './errors.js';
import { Reader, Underflow, ascii, concat, equalBytes, toHex } from './bytes.js';
import { ALGORITHMS, algorithmOfCode, createVerifier, sha256 } from './crypto.js';

const MAGIC = 'MKSL';
const HEADER_BYTES = 4 + 1 + 1 + 8 + 8 + 8 + 8 + 32;
const FIXED_RECORD_BYTES = 4 + 4 + 4 + 1 + 12;
const MAX_RESPONSE_BYTES = 64 << 20; // 13.3
const SIGNATURE_PREFIX = ascii('MARKAUTH-STATUSLIST-v1');
const STATE_PREFIX = ascii('MARKAUTH-STATUS-STATE-v1');
const DELEGATION_PREFIX = ascii('MARKAUTH-DELEGATION-v1');
const USE_STATUS = 1; // 10a
const USES = { 1: 'STATUS', 2: 'RECEIPT' };
// Times a JavaScript Date holds (±8.64e15 ms, to the year 275760). Later times — the SDK's Instant goes to
// 31556889864403199 s and lets a DateTimeException escape beyond it — are refused as malformed here.
const MAX_DATE_SECONDS = 8640000000000n;

class Invalid extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

function fail(code, message) {
  return new Invalid(code, message);
}

const cmpUnsigned = (a, b) => (a < b ? -1 : a > b ? 1 : 0); // BigInt u64 / number u32

// ---------------------------------------------------------------- batch records (13.1)

function readBatch(r) {
  if (r.remaining() < FIXED_RECORD_BYTES) throw fail('STATUS_LIST_MALFORMED', 'batch record truncated');
  const keyId = r.u32();
  const productId = r.u32();
  const batchId = r.u32();
  const flags = r.u8();
  if ((flags & ~1) !== 0) throw fail('STATUS_LIST_MALFORMED', `batch ${batchId}: unknown flag bits ${flags}`);
  const counts = [r.u32(), r.u32(), r.u32()];
  if ((counts[0] + counts[1] + counts[2]) * 8 > r.remaining()) {
    throw fail('STATUS_LIST_MALFORMED', `batch ${batchId}: serial lists truncated`);
  }
  const lists = counts.map((n) => {
    const a = new Array(n);
    for (let i = 0; i < n; i++) a[i] = r.u64();
    for (let i = 1; i < n; i++) {
      if (a[i - 1] >= a[i]) throw fail('STATUS_LIST_MALFORMED', `batch ${batchId}: serials not in strictly increasing unsigned order`);
    }
    return a;
  });
  const sets = lists.map((a) => new Set(a));
  for (const [x, y] of [[0, 1], [0, 2], [1, 2]]) {
    for (const s of lists[x]) {
      if (sets[y].has(s)) throw fail('STATUS_LIST_MALFORMED', `batch ${batchId}: a serial is listed in more than one state`);
    }
  }
  return Object.freeze({ keyId, productId, batchId, recalled: flags === 1, voided: lists[0], decommissioned: lists[1],
    blocked: lists[2], sets });
}

function isEmptyBatch(b) {
  return !b.recalled && b.voided.length === 0 && b.decommissioned.length === 0 && b.blocked.length === 0;
}

function writeBatch(b) {
  const n = b.voided.length + b.decommissioned.length + b.blocked.length;
  const out = new Uint8Array(FIXED_RECORD_BYTES + 8 * n);
  const v = new DataView(out.buffer);
  v.setUint32(0, b.keyId);
  v.setUint32(4, b.productId);
  v.setUint32(8, b.batchId);
  out[12] = b.recalled ? 1 : 0;
  v.setUint32(13, b.voided.length);
  v.setUint32(17, b.decommissioned.length);
  v.setUint32(21, b.blocked.length);
  let o = 25;
  for (const list of [b.voided, b.decommissioned, b.blocked]) {
    for (const s of list) {
      v.setBigUint64(o, s);
      o += 8;
    }
  }
  return out;
}

/** 13.2: SHA-256("MARKAUTH-STATUS-STATE-v1" ‖ N (4) ‖ the records in batch-id order). */
function stateDigest(batches) {
  const n = new Uint8Array(4);
  new DataView(n.buffer).setUint32(0, batches.length);
  return sha256(concat(STATE_PREFIX, n, ...batches.map(writeBatch)));
}

// ---------------------------------------------------------------- the delegation (10a)

function delegationText(d) {
  const at = (s) => new Date(Number(s) * 1000).toISOString().replace('.000Z', 'Z'); // s ≤ MAX_DATE_SECONDS
  return `Delegation[${d.use}, key ${d.keyId} ${d.algorithm}, ${at(d.validFrom)}..${at(d.validUntil)}, by root ${d.rootKeyId}]`;
}

/** Delegation.read: the codes, the use, the pinned root and its signature, then the key and times. */
function readDelegation(r, roots) {
  if (r.remaining() < 2) throw fail('STATUS_LIST_MALFORMED', 'delegation truncated');
  const start = r.position;
  const use = USES[r.u8()];
  const algorithm = algorithmOfCode(r.u8());
  if (!use || algorithm === null) throw fail('STATUS_LIST_DELEGATION', 'delegation has an unknown use or algorithm code');
  if (use !== 'STATUS') throw fail('STATUS_LIST_DELEGATION', `delegated key is for ${use}, not STATUS`);
  const pubLength = ALGORITHMS[algorithm].publicKeyLength;
  if (r.remaining() < 2 + pubLength + 16 + 1 + 4 + 64 - 2) throw fail('STATUS_LIST_MALFORMED', 'delegation truncated');
  const pub = r.take(pubLength);
  const validFrom = r.i64();
  const validUntil = r.i64();
  const tbsEnd = r.position;
  const rootAlgorithm = algorithmOfCode(r.u8());
  const rootKeyId = toHex(r.take(4));
  const sig = r.take(64);
  if (rootAlgorithm === null || validFrom < 0n || validUntil < 0n) {
    throw fail('STATUS_LIST_DELEGATION', 'delegation has an unknown root algorithm or a negative time');
  }
  const root = roots.find((x) => x.algorithm === rootAlgorithm && x.keyId === rootKeyId);
  if (!root) {
    throw fail('STATUS_LIST_DELEGATION', `delegation is signed by root ${rootKeyId} (${rootAlgorithm}), which is not pinned`);
  }
  if (!root.verify(concat(DELEGATION_PREFIX, r.bytes.subarray(start, tbsEnd)), sig)) {
    throw fail('STATUS_LIST_DELEGATION', `delegation signature does not verify under root ${rootKeyId}`);
  }
  if (validFrom > MAX_DATE_SECONDS || validUntil > MAX_DATE_SECONDS) {
    throw fail('STATUS_LIST_DELEGATION', 'delegation time beyond the year 275760');
  }
  let verifier;
  try {
    verifier = createVerifier(algorithm, pub);
  } catch (e) {
    throw fail('STATUS_LIST_DELEGATION', e.message);
  }
  if (!(validUntil > validFrom)) {
    throw fail('STATUS_LIST_DELEGATION', 'delegation validUntil must be after validFrom (and both after 1970)');
  }
  return { use, algorithm, keyId: verifier.keyId, verifier, validFrom, validUntil, rootAlgorithm, rootKeyId };
}

// ---------------------------------------------------------------- one document (13.1, 13.3)

function readOne(r, roots) {
  const start = r.position;
  if (r.remaining() < HEADER_BYTES + 4) {
    throw fail('STATUS_LIST_MALFORMED', `status list document truncated (${r.remaining()} bytes)`);
  }
  const magic = r.take(4);
  if (!equalBytes(magic, ascii(MAGIC))) throw fail('STATUS_LIST_MALFORMED', 'not a status list document (magic is not MKSL)');
  const version = r.u8();
  if (version !== 1) throw fail('STATUS_LIST_VERSION', `status list version ${version} is not supported (this verifier reads 1)`);
  const kind = r.u8();
  const sequence = r.i64();
  const base = r.i64();
  const issued = r.i64();
  const next = r.i64();
  const digest = r.take(32);
  if (kind > 1 || (kind === 0) !== (base === 0n) || sequence < 1n || base < 0n || (kind === 1 && base >= sequence)
      || issued < 0n || next <= issued) {
    throw fail('STATUS_LIST_MALFORMED', `status list header is invalid (kind ${kind}, sequence ${sequence}, base ${base}, `
      + `issuedAt ${issued}, nextUpdate ${next})`);
  }
  const count = r.u32();
  if (count * FIXED_RECORD_BYTES > r.remaining()) {
    throw fail('STATUS_LIST_MALFORMED', `status list record count ${count} exceeds the document`);
  }
  const records = [];
  for (let i = 0; i < count; i++) {
    const b = readBatch(r);
    if (records.length > 0 && records[records.length - 1].batchId >= b.batchId) {
      throw fail('STATUS_LIST_MALFORMED', 'status list records are not in strictly increasing batch-id order');
    }
    if (kind === 0 && isEmptyBatch(b)) {
      throw fail('STATUS_LIST_MALFORMED', `a full status list holds an empty record for batch ${b.batchId}`);
    }
    records.push(b);
  }
  const d = readDelegation(r, roots);
  const signedEnd = r.position;
  if (r.remaining() < ALGORITHMS[d.algorithm].signatureLength) {
    throw fail('STATUS_LIST_MALFORMED', 'status list signature truncated');
  }
  const sig = r.take(ALGORITHMS[d.algorithm].signatureLength);
  if (issued > MAX_DATE_SECONDS || next > MAX_DATE_SECONDS) {
    throw fail('STATUS_LIST_MALFORMED', 'status list time beyond the year 275760');
  }
  if (issued < d.validFrom || issued > d.validUntil) {
    throw fail('STATUS_LIST_NOT_VALID', `status list issued at ${issued} outside its key's delegation ${delegationText(d)}`);
  }
  if (!d.verifier.verify(concat(SIGNATURE_PREFIX, r.bytes.subarray(start, signedEnd)), sig)) {
    throw fail('STATUS_LIST_SIGNATURE', `status list signature does not verify under delegated key ${d.keyId} (tampered?)`);
  }
  if (kind === 0 && !equalBytes(stateDigest(records), digest)) {
    throw fail('STATUS_LIST_DIGEST', `status list ${sequence}: state digest does not match its records`);
  }
  return { sequence, base, issued, next, digest, records, delegation: d, encoded: r.bytes.slice(start, r.position) };
}

/** A response: one full document, or deltas back to back (13.2); a reader loops until the bytes end. */
function decodeAll(bytes, roots) {
  if (bytes.length > MAX_RESPONSE_BYTES) {
    throw fail('STATUS_LIST_TOO_LARGE', `status list response is ${bytes.length} bytes, limit ${MAX_RESPONSE_BYTES}`);
  }
  const r = new Reader(bytes);
  const out = [];
  try {
    do {
      out.push(readOne(r, roots));
    } while (r.remaining() > 0);
  } catch (e) {
    if (e instanceof Underflow) throw fail('STATUS_LIST_MALFORMED', 'status list document truncated');
    throw e;
  }
  return out;
}

// ---------------------------------------------------------------- the list held

/**
 * The status list at one sequence. sequence: number; issuedAt, nextUpdate: Date; stateDigest: hex;
 * documents: the signed documents it was built from (the last full list and the deltas since),
 * exactly as received — store bytes() and give them back to loadStatusList to re-verify on load.
 */
export class StatusList {
  constructor(fields) {
    Object.assign(this, fields);
    Object.freeze(this);
  }

  /** Past nextUpdate: "not listed" then means "not listed as of issuedAt", and verdicts say so. */
  stale(now) {
    return now.getTime() > this.nextUpdate.getTime();
  }

  /** Milliseconds from issuedAt to now, never negative. */
  age(now) {
    return Math.max(0, now.getTime() - this.issuedAt.getTime());
  }

  bytes() {
    return concat(...this.documents);
  }

  /** Units listed (voided + decommissioned + blocked). */
  unitCount() {
    let n = 0;
    for (const b of this.batches.values()) n += b.voided.length + b.decommissioned.length + b.blocked.length;
    return n;
  }

  /**
   * 13.4: what the list says about a parsed mark — 'VOIDED' | 'DECOMMISSIONED' | 'RECALLED' |
   * 'BLOCKED' | null. A record applies only when key id, batch id and product id all match.
   */
  stateOf(mark) {
    const b = this.batches.get(mark.batchId);
    if (!b || b.keyId !== parseInt(mark.keyId, 16) || b.productId !== mark.productId) return null;
    const serial = BigInt('0x' + mark.serial);
    // the online precedence: the unit's own record and a recall before the block
    if (b.sets[0].has(serial)) return 'VOIDED';
    if (b.sets[1].has(serial)) return 'DECOMMISSIONED';
    if (b.recalled) return 'RECALLED';
    return b.sets[2].has(serial) ? 'BLOCKED' : null;
  }
}

function makeList(sequence, issued, next, batchList, documents) {
  const batches = new Map();
  for (const b of batchList) batches.set(b.batchId, b);
  return new StatusList({
    sequence: Number(sequence),
    sequenceBig: sequence,
    issuedAt: new Date(Number(issued) * 1000),
    nextUpdate: new Date(Number(next) * 1000),
    batches,
    batchList: Object.freeze(batchList),
    stateDigest: toHex(stateDigest(batchList)),
    documents: Object.freeze(documents),
  });
}

/**
 * Verifies a response and applies it to `previous` (the list held, or null), with StatusListStore's
 * rules (13.3): a full list older than the one held is refused (STATUS_LIST_ROLLBACK), the same
 * sequence with another digest too (STATUS_LIST_EQUIVOCATION), a delta whose base is not the held
 * sequence or whose result is not the publisher's state (STATUS_LIST_DELTA). Returns the new list,
 * or `previous` itself when nothing newer was offered.
 */
export function decodeStatusList(bytes, roots, previous = null) {
  if (!(bytes instanceof Uint8Array)) throw new VerifyError('BAD_ARGUMENT', 'the status list must be given as a Uint8Array');
  if (previous !== null && previous !== undefined && !(previous instanceof StatusList)) {
    throw new VerifyError('BAD_ARGUMENT', 'previous must be a StatusList or null');
  }
  try {
    const docs = decodeAll(bytes, roots);
    let list = previous || null;
    let changed = false;
    for (const d of docs) {
      if (d.base === 0n) {
        if (list !== null && d.sequence < list.sequenceBig) {
          throw fail('STATUS_LIST_ROLLBACK', `refusing status list ${d.sequence}: older than the one held (${list.sequence})`);
        }
        if (list !== null && d.sequence === list.sequenceBig) {
          if (toHex(d.digest) !== list.stateDigest) {
            throw fail('STATUS_LIST_EQUIVOCATION', `refusing status list ${d.sequence}: same sequence as the one held, `
              + 'different content');
          }
          continue;
        }
        list = makeList(d.sequence, d.issued, d.next, d.records, [d.encoded]);
      } else {
        if (list === null || d.base !== list.sequenceBig) {
          throw fail('STATUS_LIST_DELTA', `status list delta ${d.base} -> ${d.sequence} does not apply to the list held `
            + `(${list === null ? 'none' : list.sequence}); fetch the full list`);
        }
        // 13.2: replace or add each record's batch, drop the batches of empty records, check the digest
        const m = new Map(list.batches);
        for (const c of d.records) {
          if (isEmptyBatch(c)) m.delete(c.batchId);
          else m.set(c.batchId, c);
        }
        const merged = [...m.values()].sort((a, b) => cmpUnsigned(a.batchId, b.batchId));
        if (!equalBytes(stateDigest(merged), d.digest)) {
          throw fail('STATUS_LIST_DELTA', `status list delta ${d.base} -> ${d.sequence} does not produce the publisher's `
            + 'state; fetch the full list');
        }
        list = makeList(d.sequence, d.issued, d.next, merged, [...list.documents, d.encoded]);
      }
      changed = true;
    }
    return changed ? list : previous;
  } catch (e) {
    if (e instanceof Invalid) throw new VerifyError(e.code, e.message);
    throw e;
  }
}
