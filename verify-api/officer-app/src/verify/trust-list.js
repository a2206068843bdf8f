// The signed trust list, docs/mark-format.md sections 10 and 10b: a port of the SDK's
// TrustListCodec, TrustListDelegation and TrustListStore's rollback rules. The checks run in the
// SDK's order and each refusal carries the SDK's TrustListRefusal name, because the order is part of
// the format (docs/test-vectors/trust-lists.json names the refusal each document must get).
// What is verified is byte for byte what is used: the payload's bytes must be its canonical form.

import { VerifyError } from './errors.js';
import { ascii, concat, equalBytes, fromHex, isLowerHex, toHex } from './bytes.js';
import { ALGORITHMS, createVerifier } from './crypto.js';
import { JsonError, readObject } from './json.js';
import { isValidHost, upperAscii } from './scan.js';
import { formatInstant, parseInstant } from './instants.js';

export const FORMAT = 'markauth-trust-list/1';
export const FORMAT_DELEGATED = 'markauth-trust-list/2';
const DELEGATION_FORMAT = 'markauth-delegation/1';
const PREFIX = 'MARKAUTH-TRUSTLIST-v1';
const PREFIX_DELEGATED = 'MARKAUTH-TRUSTLIST-v2';
const PREFIX_DELEGATION = 'MARKAUTH-TRUSTLIST-DELEGATION-v1';
const MAX_DOCUMENT_BYTES = 1 << 20; // rule 1
const MAX_DELEGATION_BYTES = 64 * 1024;
const MAX_SEQUENCE = 2n ** 53n - 1n; // rule 7: every JSON reader holds it exactly

const ENVELOPE_FIELDS = new Set(['format', 'payload', 'signature']);
const ENVELOPE_FIELDS_DELEGATED = new Set(['format', 'payload', 'delegation', 'signature']);
const PAYLOAD_FIELDS = new Set(['sequence', 'issuedAt', 'nextUpdate', 'hosts', 'keys']);
const KEY_FIELDS = new Set(['keyId', 'algorithm', 'publicKey', 'validFrom', 'validUntil', 'status', 'revokedAt']);
const SIGNATURE_FIELDS = new Set(['algorithm', 'keyId', 'value']);
const DELEGATION_PAYLOAD_FIELDS = new Set(['programme', 'uses', 'hosts', 'algorithm', 'publicKey', 'keyId',
  'notBefore', 'notAfter']);
const KNOWN_USES = new Set(['TRUST_LIST']);
const STATUSES = new Set(['ACTIVE', 'RETIRED', 'REVOKED']);

function refuse(refusal, message) {
  return new VerifyError(`TRUST_LIST_${refusal}`, message, refusal);
}

/** A value of the wrong type or form: BAD_VALUE, as the SDK's one-argument TrustListException. */
function badValue(message) {
  return refuse('BAD_VALUE', message);
}

// ---------------------------------------------------------------- pinned roots

/**
 * The pinned roots as GET /officer/config.json gives them: [{ algorithm, publicKey: hex | bytes }].
 * A root section 2 refuses is a configuration error (BAD_ROOT), as the SDK's TrustRoot throws.
 */
export function normalizeRoots(roots) {
  if (!Array.isArray(roots) || roots.length === 0) {
    throw new VerifyError('BAD_ROOT', 'pin at least one trust root ({algorithm, publicKey})');
  }
  return roots.map((r, i) => {
    if (r && r.verify && r.keyId && r.algorithm) return r; // already a verifier
    try {
      const pub = typeof r.publicKey === 'string' ? fromHex(r.publicKey) : r.publicKey;
      return createVerifier(r.algorithm, pub);
    } catch (e) {
      throw new VerifyError('BAD_ROOT', `pinned root ${i} is refused: ${e.message}`);
    }
  });
}

function findRoot(roots, algorithm, keyId) {
  return roots.find((r) => r.algorithm === algorithm && r.keyId === keyId) || null;
}

// ---------------------------------------------------------------- JSON accessors (TrustListCodec's)

function onlyFields(node, allowed, where) {
  for (const name of node.members.keys()) {
    if (!allowed.has(name)) throw refuse('UNKNOWN_MEMBER', `trust list ${where} has unknown member '${name}'`);
  }
}

function member(node, name) {
  return node.members.get(name);
}

function object(node, name) {
  const v = member(node, name);
  if (!v || v.type !== 'object') throw badValue(`trust list member '${name}' must be an object`);
  return v;
}

function array(node, name) {
  const v = member(node, name);
  if (!v || v.type !== 'array') throw badValue(`trust list member '${name}' must be an array`);
  return v.items;
}

function text(node, name) {
  const v = member(node, name);
  if (!v || v.type !== 'string') throw badValue(`trust list member '${name}' must be a string`);
  return v.value;
}

function hex(s, what) {
  if (!isLowerHex(s)) throw badValue(`trust list ${what} must be lowercase hex`);
  return fromHex(s);
}

function keyId(s) {
  if (!/^[0-9a-f]{8}$/.test(s)) throw badValue(`trust list key id '${s}' must be 8 lowercase hex digits`);
  return s;
}

function algorithm(s) {
  if (!Object.prototype.hasOwnProperty.call(ALGORITHMS, s)) {
    throw badValue(`trust list algorithm '${s}' is not one of ED25519, SM2_SM3`);
  }
  return s;
}

function verifierOrBadKey(alg, pub, what) {
  try {
    return createVerifier(alg, pub);
  } catch (e) {
    throw refuse('BAD_KEY', `${what} is refused: ${e.message}`);
  }
}

/**
 * Reads the top-level object: its tree and each member's byte range. Nothing may follow the closing
 * brace but one LF (rule 3); a syntax error is NOT_JSON, a repeated member DUPLICATE_MEMBER (rule 4).
 */
function envelope(document, what) {
  let r;
  try {
    r = readObject(document, 0);
  } catch (e) {
    if (e instanceof JsonError) {
      throw e.duplicate ? refuse('DUPLICATE_MEMBER', `${what} is not valid: ${e.message}`)
        : refuse('NOT_JSON', `${what} is not JSON: ${e.message}`);
    }
    throw e;
  }
  const rest = document.length - r.end;
  if (rest > 1 || (rest === 1 && document[r.end] !== 0x0a)) {
    throw refuse('BAD_FRAMING', `${what} has ${rest} bytes after its closing '}'; at most one newline (LF) may follow`);
  }
  return r.value;
}

// ---------------------------------------------------------------- the payload

function decodePayload(p) {
  onlyFields(p, PAYLOAD_FIELDS, 'payload');
  const seq = member(p, 'sequence');
  if (!seq || seq.type !== 'number' || !seq.integral) throw badValue('trust list payload.sequence must be an integer');
  const sequence = BigInt(seq.text);
  if (sequence < 1n || sequence > MAX_SEQUENCE) {
    throw refuse('SEQUENCE_RANGE', `trust list sequence must be 1 … ${MAX_SEQUENCE}, got ${seq.text}`);
  }
  const hosts = [];
  for (const h of array(p, 'hosts')) {
    if (h.type !== 'string') throw badValue('trust list hosts must be strings');
    if (!isValidHost(h.value)) {
      throw refuse('BAD_HOST', `trust list host '${h.value}' is not a host name (letters, digits, hyphens, dots; at most 253)`);
    }
    hosts.push(h.value);
  }
  if (hosts.length === 0) throw refuse('NO_HOSTS', 'trust list must name at least one programme host');
  const keys = [];
  const ids = new Set();
  for (const k of array(p, 'keys')) {
    if (k.type !== 'object') throw badValue('trust list keys must be objects');
    onlyFields(k, KEY_FIELDS, 'key');
    const key = decodeKey(k);
    if (ids.has(key.keyId)) throw refuse('DUPLICATE_KEY_ID', `trust list holds two keys with id ${key.keyId}`);
    ids.add(key.keyId);
    keys.push(key);
  }
  const issuedAt = parseInstant(text(p, 'issuedAt'));
  const nextUpdate = parseInstant(text(p, 'nextUpdate'));
  if (!(nextUpdate > issuedAt)) {
    throw refuse('VALIDITY_ORDER', `trust list nextUpdate ${formatInstant(nextUpdate)} must be after issuedAt ${formatInstant(issuedAt)}`);
  }
  // The SDK's TrustList record: hosts upper case, sorted, distinct; keys sorted by id as unsigned 32-bit.
  const normalHosts = [...new Set(hosts.map(upperAscii))].sort();
  keys.sort((a, b) => parseInt(a.keyId, 16) - parseInt(b.keyId, 16));
  return { sequence: Number(sequence), issuedAt, nextUpdate, hosts: normalHosts, keys };
}

/** One key, each rule of section 10 with its own refusal, in the SDK's order. */
function decodeKey(k) {
  const id = keyId(text(k, 'keyId'));
  const alg = algorithm(text(k, 'algorithm'));
  const pub = hex(text(k, 'publicKey'), 'publicKey');
  const validFrom = parseInstant(text(k, 'validFrom'));
  const validUntil = k.members.has('validUntil') ? parseInstant(text(k, 'validUntil')) : null;
  const status = text(k, 'status');
  if (!STATUSES.has(status)) {
    throw badValue(`trust list key status '${status}' is not one of ACTIVE, RETIRED, REVOKED`);
  }
  const revokedAt = k.members.has('revokedAt') ? parseInstant(text(k, 'revokedAt')) : null;
  const verifier = verifierOrBadKey(alg, pub, `trust list key ${id}`);
  if (verifier.keyId !== id) {
    throw refuse('KEY_ID_MISMATCH', `trust list key id ${id} is not the id of its public key (${verifier.keyId})`);
  }
  if (validUntil !== null && !(validUntil > validFrom)) {
    throw refuse('VALIDITY_ORDER', `trust list key ${id}: validUntil ${formatInstant(validUntil)} must be after validFrom ${formatInstant(validFrom)}`);
  }
  if ((status === 'REVOKED') !== (revokedAt !== null)) {
    throw refuse('BAD_STATUS', `trust list key ${id}: revokedAt is required for, and only for, status REVOKED`);
  }
  return { keyId: id, algorithm: alg, publicKey: pub, validFrom, validUntil, status, revokedAt, verifier };
}

/** Section 10's canonical payload: fixed member order, no white space, absent optional members omitted. */
function canonical(list) {
  let s = `{"sequence":${list.sequence},"issuedAt":"${formatInstant(list.issuedAt)}","nextUpdate":"${formatInstant(list.nextUpdate)}","hosts":[`;
  s += list.hosts.map((h) => `"${h}"`).join(',');
  s += '],"keys":[';
  s += list.keys.map((k) => {
    let o = `{"keyId":"${k.keyId}","algorithm":"${k.algorithm}","publicKey":"${toHex(k.publicKey)}","validFrom":"${formatInstant(k.validFrom)}"`;
    if (k.validUntil !== null) o += `,"validUntil":"${formatInstant(k.validUntil)}"`;
    o += `,"status":"${k.status}"`;
    if (k.revokedAt !== null) o += `,"revokedAt":"${formatInstant(k.revokedAt)}"`;
    return o + '}';
  }).join(',');
  return ascii(s + ']}');
}

// ---------------------------------------------------------------- section 10b: the delegation of a /2 list

function decodeDelegationPayload(p) {
  onlyFields(p, DELEGATION_PAYLOAD_FIELDS, 'delegation payload');
  const programme = text(p, 'programme');
  const uses = [];
  for (const u of array(p, 'uses')) {
    if (u.type !== 'string') throw badValue('delegation uses must be strings');
    uses.push(u.value);
  }
  const hosts = [];
  for (const h of array(p, 'hosts')) {
    if (h.type !== 'string' || !isValidHost(h.value)) throw refuse('BAD_HOST', 'delegation host is not a host name');
    hosts.push(h.value);
  }
  const alg = algorithm(text(p, 'algorithm'));
  const pub = hex(text(p, 'publicKey'), 'delegation publicKey');
  const id = keyId(text(p, 'keyId'));
  const notBefore = parseInstant(text(p, 'notBefore'));
  const notAfter = parseInstant(text(p, 'notAfter'));
  const verifier = verifierOrBadKey(alg, pub, 'delegated key');
  if (verifier.keyId !== id) {
    throw refuse('KEY_ID_MISMATCH', `delegation keyId ${id} is not the id of its public key (${verifier.keyId})`);
  }
  if (!(notAfter > notBefore)) {
    throw refuse('VALIDITY_ORDER', `delegation notAfter ${formatInstant(notAfter)} must be after notBefore ${formatInstant(notBefore)}`);
  }
  // The SDK's TrustListDelegation record: its constructor's refusals are BAD_VALUE.
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(programme)) {
    throw badValue(`delegation payload is invalid: programme '${programme}' must be 1 to 64 of A-Z a-z 0-9 . _ -`);
  }
  const normalUses = [...new Set(uses)].sort();
  if (normalUses.length === 0 || !normalUses.every((u) => KNOWN_USES.has(u))) {
    throw badValue(`delegation payload is invalid: uses must be a non-empty subset of [TRUST_LIST], got [${normalUses.join(', ')}]`);
  }
  const normalHosts = [...new Set(hosts.map(upperAscii))].sort();
  if (normalHosts.length === 0) throw badValue('delegation payload is invalid: it must name at least one programme host');
  return { programme, uses: normalUses, hosts: normalHosts, algorithm: alg, keyId: id, verifier, notBefore, notAfter };
}

function delegationCanonical(d) {
  return ascii(`{"programme":"${d.programme}","uses":[${d.uses.map((u) => `"${u}"`).join(',')}],"hosts":[`
    + `${d.hosts.map((h) => `"${h}"`).join(',')}],"algorithm":"${d.algorithm}","publicKey":"${toHex(d.verifier.publicKey)}",`
    + `"keyId":"${d.keyId}","notBefore":"${formatInstant(d.notBefore)}","notAfter":"${formatInstant(d.notAfter)}"}`);
}

/** TrustListDelegation.decodeAndVerify: form, canonical payload, pinned root, root signature. */
function verifyDelegation(document, roots) {
  if (document.length > MAX_DELEGATION_BYTES) {
    throw refuse('TOO_LARGE', `delegation document is ${document.length} bytes, limit 65536`);
  }
  if (document.length === 0 || document[0] !== 0x7b) throw refuse('BAD_FRAMING', "delegation document must start with '{'");
  const env = envelope(document, 'delegation document');
  onlyFields(env, ENVELOPE_FIELDS, 'delegation');
  if (text(env, 'format') !== DELEGATION_FORMAT) {
    throw refuse('BAD_FORMAT', `delegation format must be ${DELEGATION_FORMAT}`);
  }
  const sig = object(env, 'signature');
  onlyFields(sig, SIGNATURE_FIELDS, 'delegation signature');
  const payloadNode = object(env, 'payload');
  const d = decodeDelegationPayload(payloadNode);
  if (!equalBytes(delegationCanonical(d), document.subarray(payloadNode.from, payloadNode.to))) {
    throw refuse('NOT_CANONICAL', 'delegation payload is not in canonical form (member order, white space, upper-case '
      + 'hosts sorted and distinct, uses sorted, whole-second times)');
  }
  const alg = algorithm(text(sig, 'algorithm'));
  const rootId = keyId(text(sig, 'keyId'));
  const value = hex(text(sig, 'value'), 'delegation signature value');
  const root = findRoot(roots, alg, rootId);
  if (root === null) {
    throw refuse('DELEGATION_UNPINNED_ROOT', `the delegation is signed by root key ${rootId} (${alg}), which is not pinned`);
  }
  const input = concat(ascii(PREFIX_DELEGATION), delegationCanonical(d));
  if (value.length !== ALGORITHMS[alg].signatureLength || !root.verify(input, value)) {
    throw refuse('DELEGATION_BAD_SIGNATURE', `the delegation's signature does not verify under root key ${rootId} `
      + '(tampered, or signed over other bytes)');
  }
  return { ...d, rootAlgorithm: alg, rootKeyId: rootId };
}

// ---------------------------------------------------------------- the document

/**
 * A verified trust list. Times are Dates; keys carry their verifier. `document` holds the exact
 * signed bytes (what a cache stores and re-verifies on load), `canonicalPayload` the signed payload.
 */
export class TrustList {
  constructor(fields) {
    Object.assign(this, fields);
    Object.freeze(this);
  }

  /** Past nextUpdate: the list still works offline and every verdict says "stale since nextUpdate". */
  stale(now) {
    return now.getTime() > this.nextUpdate.getTime();
  }

  /** The key with this 8-hex id, or null. */
  key(id) {
    for (const k of this.keys) {
      if (k.keyId === id) return k;
    }
    return null;
  }
}

/**
 * Section 10 rules 1–10 (and 10b for /2): returns a TrustList or throws VerifyError naming the
 * refusal. With `previous` (the list held), also TrustListStore's rules: a lower sequence is
 * ROLLBACK, the same sequence with another canonical payload EQUIVOCATION, the same list again
 * returns `previous` itself (unchanged).
 */
export function decodeTrustList(document, roots, previous = null) {
  if (!(document instanceof Uint8Array)) throw new VerifyError('BAD_ARGUMENT', 'the trust list must be given as a Uint8Array');
  if (document.length > MAX_DOCUMENT_BYTES) {
    throw refuse('TOO_LARGE', `trust list document is ${document.length} bytes, limit ${MAX_DOCUMENT_BYTES}; refusing to parse it`);
  }
  if (document.length >= 3 && document[0] === 0xef && document[1] === 0xbb && document[2] === 0xbf) {
    throw refuse('BOM', "trust list document starts with a byte order mark; it must start with '{'");
  }
  if (document.length === 0 || document[0] !== 0x7b) throw refuse('BAD_FRAMING', "trust list document must start with '{'");
  const env = envelope(document, 'trust list document');
  const formatNode = member(env, 'format');
  const delegated = !!formatNode && formatNode.type === 'string' && formatNode.value === FORMAT_DELEGATED;
  onlyFields(env, delegated ? ENVELOPE_FIELDS_DELEGATED : ENVELOPE_FIELDS, 'envelope');
  if (text(env, 'format') !== FORMAT && !delegated) {
    throw refuse('BAD_FORMAT', `trust list format must be ${FORMAT} or ${FORMAT_DELEGATED}`);
  }
  const sig = object(env, 'signature');
  onlyFields(sig, SIGNATURE_FIELDS, 'signature');
  const payloadNode = object(env, 'payload');
  const list = decodePayload(payloadNode);
  const canon = canonical(list);
  if (!equalBytes(canon, document.subarray(payloadNode.from, payloadNode.to))) {
    throw refuse('NOT_CANONICAL', 'trust list payload is not in canonical form (member order, white space, upper-case '
      + 'hosts sorted and distinct, keys sorted by id, whole-second times, plain integers); the signature is checked '
      + 'over the canonical bytes only');
  }
  const alg = algorithm(text(sig, 'algorithm'));
  const signerId = keyId(text(sig, 'keyId'));
  const value = hex(text(sig, 'value'), 'signature value');
  let delegation = null;
  if (delegated) {
    const delegationNode = object(env, 'delegation');
    const d = verifyDelegation(document.slice(delegationNode.from, delegationNode.to), roots);
    if (alg !== d.algorithm || signerId !== d.keyId) {
      throw refuse('DELEGATION_KEY_MISMATCH', `trust list is signed by key ${signerId} (${alg}) but its delegation names key `
        + `${d.keyId} (${d.algorithm})`);
    }
    if (value.length !== ALGORITHMS[alg].signatureLength || !d.verifier.verify(concat(ascii(PREFIX_DELEGATED), canon), value)) {
      throw refuse('BAD_SIGNATURE', `trust list signature does not verify under the delegated key ${signerId} `
        + '(tampered, or signed over other bytes)');
    }
    if (list.issuedAt < d.notBefore || list.issuedAt > d.notAfter) {
      throw refuse('DELEGATION_NOT_VALID', `trust list was issued at ${formatInstant(list.issuedAt)}, outside its `
        + `delegation's validity ${formatInstant(d.notBefore)} … ${formatInstant(d.notAfter)}`);
    }
    if (!d.uses.includes('TRUST_LIST')) {
      throw refuse('DELEGATION_SCOPE', 'trust list is outside its delegation\'s scope: the delegation does not allow '
        + 'its key to sign trust lists');
    }
    const extra = list.hosts.filter((h) => !d.hosts.includes(h));
    if (extra.length > 0) {
      throw refuse('DELEGATION_SCOPE', `trust list is outside its delegation's scope: it names host(s) [${extra.join(', ')}] `
        + `outside the delegation's scope [${d.hosts.join(', ')}]`);
    }
    delegation = Object.freeze({ programme: d.programme, keyId: d.keyId, algorithm: d.algorithm, hosts: d.hosts,
      notBefore: new Date(d.notBefore * 1000), notAfter: new Date(d.notAfter * 1000), rootKeyId: d.rootKeyId });
  } else {
    const root = findRoot(roots, alg, signerId);
    if (root === null) {
      throw refuse('UNPINNED_ROOT', `trust list is signed by root key ${signerId} (${alg}), which is not pinned; `
        + `pinned roots: ${roots.map((r) => `${r.algorithm}:${r.keyId}`).join(', ')}`);
    }
    if (value.length !== ALGORITHMS[alg].signatureLength || !root.verify(concat(ascii(PREFIX), canon), value)) {
      throw refuse('BAD_SIGNATURE', `trust list signature does not verify under root key ${signerId} (tampered, or signed `
        + 'over other bytes)');
    }
  }
  if (previous !== null && previous !== undefined) {
    if (!(previous instanceof TrustList)) throw new VerifyError('BAD_ARGUMENT', 'previous must be a TrustList or null');
    if (list.sequence < previous.sequence) {
      throw refuse('ROLLBACK', `trust list rollback refused: held sequence ${previous.sequence}, offered ${list.sequence} `
        + '(older list); keep the cached list and check the publisher');
    }
    if (list.sequence === previous.sequence) {
      if (equalBytes(canon, previous.canonicalPayload)) return previous;
      throw refuse('EQUIVOCATION', `trust list rollback refused: held sequence ${previous.sequence}, offered `
        + `${list.sequence} (same sequence, different content); keep the cached list and check the publisher`);
    }
  }
  return new TrustList({
    format: delegated ? FORMAT_DELEGATED : FORMAT,
    sequence: list.sequence,
    issuedAt: new Date(list.issuedAt * 1000),
    nextUpdate: new Date(list.nextUpdate * 1000),
    hosts: Object.freeze(list.hosts),
    hostSet: new Set(list.hosts),
    keys: Object.freeze(list.keys.map((k) => Object.freeze({
      keyId: k.keyId,
      algorithm: k.algorithm,
      publicKey: toHex(k.publicKey),
      validFrom: new Date(k.validFrom * 1000),
      validUntil: k.validUntil === null ? null : new Date(k.validUntil * 1000),
      status: k.status,
      revokedAt: k.revokedAt === null ? null : new Date(k.revokedAt * 1000),
      verifier: k.verifier,
    }))),
    delegation,
    canonicalPayload: canon,
    document: Uint8Array.from(document),
  });
}

