import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadStatusList, loadTrustList, verifyOffline, fromHex, toHex, VerifyError } from '../../src/verify/index.js';
import { base32Decode, base32Encode } from '../../src/verify/scan.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes } from '@noble/hashes/utils.js';
import { loadVectors, utf8 } from './vectors.js';

// What an attacker or a bad scan can offer the verifier, one refusal each: never an untyped error.
const marks = loadVectors('marks.json');
const status = loadVectors('status-lists.json');
const now = new Date(marks.now);
const roots = [{ algorithm: marks.rootAlgorithm, publicKey: marks.rootPublicKey }];
const trustList = loadTrustList(utf8(marks.trustListDocument), roots, now);
const valid = (name) => marks.vectors.find((v) => v.name === name);
const verify = (text, opts = {}) => verifyOffline(text, { trustList, now, ...opts });

test('a truncated mark URL is MALFORMED BAD_LENGTH, never an exception', () => {
  const url = valid('ed25519 plain URL').input;
  for (const cut of [1, 2, 8, 50, 130]) {
    const v = verify(url.slice(0, url.length - cut));
    assert.equal(v.verdict, 'MALFORMED');
    assert.equal(v.malformedReason, 'BAD_LENGTH', `cut ${cut}`);
  }
  assert.equal(verify(url.slice(0, 20)).malformedReason, 'BAD_PATH');
});

test('over-long text is TOO_LONG before any other work; 512 characters is not too long', () => {
  assert.equal(verify('A'.repeat(513)).malformedReason, 'TOO_LONG');
  assert.equal(verify('\u0000'.repeat(100000)).malformedReason, 'TOO_LONG');
  assert.equal(verify('A'.repeat(512)).malformedReason, 'NOT_A_MARK');
  // counted before stripping: 512 characters of code and spaces is fine, 513 is not
  const code = valid('bare code (officer typed it)').input;
  assert.equal(verify(code + ' '.repeat(512 - code.length)).verdict, 'SIGNATURE_VALID');
  assert.equal(verify(code + ' '.repeat(513 - code.length)).malformedReason, 'TOO_LONG');
});

test('garbage of every kind gets a verdict value: no input makes verifyOffline throw', () => {
  const garbage = [undefined, null, 42, {}, [], true, Symbol.iterator, '', ' \t\r\n\u001d', '\ud800', 'https://', '://',
    'HTTPS://MARKAUTH.CN', 'HTTPS://MARKAUTH.CN/M/', 'HTTPS://MARKAUTH.CN/01/', 'HTTPS://MARKAUTH.CN/01/12345678901231/21/',
    'HTTPS://MARKAUTH.CN/01/12345678901231/21/AAAAAAAAAAAAA?M=', '\u202eHTTPS://MARKAUTH.CN/M/', 'javascript:alert(1)',
    '<script>', '%00'.repeat(100)];
  let seed = 17;
  const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  for (let i = 0; i < 3000; i++) {
    let s = '';
    const n = rnd(300);
    for (let k = 0; k < n; k++) s += String.fromCharCode(rnd(4) === 0 ? rnd(0x10000) : 32 + rnd(95));
    garbage.push(s);
    garbage.push(valid('ed25519 plain URL').input.slice(0, rnd(160)) + s.slice(0, rnd(10)));
  }
  for (const g of garbage) {
    const v = verify(g);
    assert.ok(['MALFORMED', 'FOREIGN', 'FORGED', 'UNKNOWN_KEY'].includes(v.verdict), `${String(g).slice(0, 40)} → ${v.verdict}`);
    assert.equal(typeof v.reason, 'string');
    assert.ok(Object.isFrozen(v));
  }
});

/** The scanned URL with one byte of the record's signature (bytes 21…84) flipped. */
function withSignatureByteFlipped(url, at) {
  const i = url.indexOf('/M/') + 3;
  const record = base32Decode(url, i, url.length);
  record[21 + at] ^= 0x01;
  return url.slice(0, i) + base32Encode(record);
}

test('a flipped signature byte makes an Ed25519 and an SM2 mark FORGED, wherever the byte is', () => {
  for (const name of ['ed25519 plain URL', 'sm2-sm3 plain URL']) {
    const url = valid(name).input;
    assert.equal(verify(url).verdict, 'SIGNATURE_VALID', name);
    for (const at of [0, 1, 31, 32, 33, 63]) {
      const v = verify(withSignatureByteFlipped(url, at));
      assert.equal(v.verdict, 'FORGED', `${name}, signature byte ${at}`);
      assert.equal(v.keyId, valid(name).keyId);
    }
  }
});

test('a trust list not signed by a pinned root is refused UNPINNED_ROOT', () => {
  const otherRoot = [{ algorithm: status.rootAlgorithm, publicKey: status.rootPublicKey }];
  assert.throws(() => loadTrustList(utf8(marks.trustListDocument), otherRoot, now),
    (e) => e instanceof VerifyError && e.code === 'TRUST_LIST_UNPINNED_ROOT' && /not pinned/.test(e.message));
});

test('a trust list with a changed byte is refused, not used', () => {
  const doc = utf8(marks.trustListDocument);
  const at = marks.trustListDocument.indexOf('"sequence":7') + 11;
  const changed = Uint8Array.from(doc);
  changed[at] = 0x38; // sequence 8
  assert.throws(() => loadTrustList(changed, roots, now), (e) => e.code === 'TRUST_LIST_BAD_SIGNATURE');
});

test('a pinned root that is not a valid key, or no root at all, is a configuration error (BAD_ROOT)', () => {
  assert.throws(() => loadTrustList(utf8(marks.trustListDocument), [], now), (e) => e.code === 'BAD_ROOT');
  assert.throws(() => loadTrustList(utf8(marks.trustListDocument), [{ algorithm: 'ED25519', publicKey: '00'.repeat(32) }], now),
    (e) => e.code === 'BAD_ROOT');
  assert.throws(() => loadTrustList(utf8(marks.trustListDocument), [{ algorithm: 'RSA', publicKey: 'ab' }], now),
    (e) => e.code === 'BAD_ROOT');
  assert.throws(() => loadTrustList(marks.trustListDocument, roots, now), (e) => e.code === 'BAD_ARGUMENT');
  assert.throws(() => loadTrustList(utf8(marks.trustListDocument), roots, 'today'), (e) => e.code === 'BAD_ARGUMENT');
});

test('an expired trust list (past nextUpdate) still verifies, as the SDK cache does, and every verdict says since when', () => {
  const later = new Date('2026-06-08T00:00:00Z'); // nextUpdate is 2026-06-07T00:00:00Z
  const list = loadTrustList(utf8(marks.trustListDocument), roots, later);
  assert.equal(list.stale(later), true);
  assert.equal(list.stale(now), false);
  const v = verifyOffline(valid('ed25519 plain URL').input, { trustList: list, now: later });
  assert.equal(v.verdict, 'SIGNATURE_VALID');
  assert.equal(v.trustListStaleSince.toISOString(), '2026-06-07T00:00:00.000Z');
  assert.match(v.reason, /the trust list is stale since 2026-06-07T00:00:00Z/);
  assert.match(v.reasonZh, /信任列表自 2026-06-07T00:00:00Z 起已过期/);
  assert.equal(verifyOffline('junk', { trustList: list, now: later }).trustListStaleSince.getTime(), list.nextUpdate.getTime());
  assert.equal(verify(valid('ed25519 plain URL').input).trustListStaleSince, null);
});

test('an expired delegation refuses its /2 trust list (DELEGATION_NOT_VALID)', () => {
  const tl = loadVectors('trust-lists.json');
  const v = tl.vectors.find((x) => x.name === "delegated: delegation expired before the list's issuedAt");
  assert.throws(() => loadTrustList(utf8(v.document), [{ algorithm: tl.rootAlgorithm, publicKey: tl.rootPublicKey }], now),
    (e) => e.code === 'TRUST_LIST_DELEGATION_NOT_VALID');
});

test('an older trust list after a newer one is a rollback; the same sequence with other content an equivocation', () => {
  const tl = loadVectors('trust-lists.json');
  const troots = [{ algorithm: tl.rootAlgorithm, publicKey: tl.rootPublicKey }];
  for (const [name, code] of [['older sequence than the held list', 'TRUST_LIST_ROLLBACK'],
    ['same sequence as the held list, other content', 'TRUST_LIST_EQUIVOCATION']]) {
    const v = tl.vectors.find((x) => x.name === name);
    const held = loadTrustList(utf8(v.held), troots, now);
    assert.doesNotThrow(() => loadTrustList(utf8(v.document), troots, now)); // valid on its own
    assert.throws(() => loadTrustList(utf8(v.document), troots, now, held), (e) => e.code === code);
  }
});

const sroots = [{ algorithm: status.rootAlgorithm, publicKey: status.rootPublicKey }];
const sbytes = (name) => fromHex(status[name].document);

test('status list rollback: a sequence lower than the one held is refused (STATUS_LIST_ROLLBACK)', () => {
  const two = loadStatusList(sbytes('full2'), sroots, now, null);
  assert.throws(() => loadStatusList(sbytes('full1'), sroots, now, two),
    (e) => e instanceof VerifyError && e.code === 'STATUS_LIST_ROLLBACK' && /older than the one held \(2\)/.test(e.message));
});

test('a status-list delta that does not apply is refused: another base, nothing held, or another result', () => {
  const two = loadStatusList(sbytes('full2'), sroots, now, null);
  assert.throws(() => loadStatusList(sbytes('delta1to2'), sroots, now, two), (e) => e.code === 'STATUS_LIST_DELTA');
  assert.throws(() => loadStatusList(sbytes('delta1to2'), sroots, now, null), (e) => e.code === 'STATUS_LIST_DELTA');
});

/**
 * A document signed with the vectors' status key (status-lists.json gives it, test only): the body of
 * `name` changed by `edit(body)`, then its state digest recomputed (full lists) and signed again —
 * well-formed and validly signed, so only the store rules can refuse it.
 */
function resigned(name, edit, { recomputeDigest = true } = {}) {
  const doc = sbytes(name);
  const body = Uint8Array.from(doc.subarray(0, doc.length - 64));
  edit(body);
  if (recomputeDigest) {
    const recordsEnd = body.length - 119; // an Ed25519 STATUS delegation is 119 bytes
    body.set(sha256(concatBytes(utf8('MARKAUTH-STATUS-STATE-v1'), body.subarray(70, recordsEnd))), 38);
  }
  const sig = ed25519.sign(concatBytes(utf8('MARKAUTH-STATUSLIST-v1'), body), fromHex(status.statusKeyPrivate));
  return concatBytes(body, sig);
}

test('a status list with the held sequence and another content is refused (STATUS_LIST_EQUIVOCATION)', () => {
  const two = loadStatusList(sbytes('full2'), sroots, now, null);
  const otherTwo = resigned('full2', (b) => { b[74 + 12] ^= 1; }); // the first batch's recall flag
  assert.equal(loadStatusList(otherTwo, sroots, now, null).sequence, 2); // valid on its own
  assert.throws(() => loadStatusList(otherTwo, sroots, now, two), (e) => e.code === 'STATUS_LIST_EQUIVOCATION');
});

test("a delta whose result is not the publisher's state is refused (STATUS_LIST_DELTA)", () => {
  const one = loadStatusList(sbytes('full1'), sroots, now, null);
  const wrongDigest = resigned('delta1to2', (b) => { b[40] ^= 1; }, { recomputeDigest: false });
  assert.throws(() => loadStatusList(wrongDigest, sroots, now, one),
    (e) => e.code === 'STATUS_LIST_DELTA' && /does not produce the publisher's state/.test(e.message));
});

test('a validly signed status list with absurd times is refused with a typed error, never a RangeError', () => {
  const farFuture = resigned('full2', (b) => { b.fill(0x7f, 22, 23); b.fill(0xff, 23, 30); b.fill(0x7f, 30, 31); b.fill(0xff, 31, 38); });
  assert.throws(() => loadStatusList(farFuture, sroots, now, null), (e) => e instanceof VerifyError && e.code === 'STATUS_LIST_MALFORMED');
  const outsideDelegation = resigned('full2', (b) => { b[25] = 0x7f; b[33] = 0x7f; }); // issuedAt and nextUpdate some 17 000 years ahead
  assert.throws(() => loadStatusList(outsideDelegation, sroots, now, null),
    (e) => e instanceof VerifyError && e.code === 'STATUS_LIST_NOT_VALID' && /outside its key's delegation/.test(e.message));
});

test('the same list reached by a delta and then offered in full is unchanged (the held list itself)', () => {
  const one = loadStatusList(sbytes('full1'), sroots, now, null);
  const viaDelta = loadStatusList(sbytes('delta1to2'), sroots, now, one);
  assert.equal(loadStatusList(sbytes('full2'), sroots, now, viaDelta), viaDelta);
});

test('a status list signed under a root that is not pinned is refused, and a garbage response too', () => {
  assert.throws(() => loadStatusList(sbytes('full2'), roots, now, null),
    (e) => e.code === 'STATUS_LIST_DELEGATION' && /not pinned/.test(e.message));
  for (const junk of [new Uint8Array(0), utf8('MKSL'), utf8('<html>502 Bad Gateway</html>'), new Uint8Array(74),
    sbytes('full2').subarray(0, 200)]) {
    assert.throws(() => loadStatusList(junk, sroots, now, null), (e) => e instanceof VerifyError && /^STATUS_LIST_/.test(e.code));
  }
  const flipped = sbytes('full2');
  flipped[flipped.length - 1] ^= 0x80;
  assert.throws(() => loadStatusList(flipped, sroots, now, null), (e) => e.code === 'STATUS_LIST_SIGNATURE');
});

test('a stale status list still answers, and its verdicts say since when and how old it is', () => {
  const trust = loadTrustList(utf8(status.trustListDocument), sroots, now);
  const list = loadStatusList(sbytes('full2'), sroots, now, null);
  const later = new Date('2026-06-01T02:00:00Z'); // nextUpdate 01:30
  const m = status.marks.find((x) => x.expected === 'VOIDED');
  const v = verifyOffline(m.input, { trustList: trust, statusList: list, now: later });
  assert.equal(v.verdict, 'VOIDED');
  assert.equal(v.statusSequence, 2);
  assert.equal(v.statusAge, 2.5 * 3600 * 1000);
  assert.equal(v.statusListStaleSince.toISOString(), '2026-06-01T01:30:00.000Z');
  assert.match(v.reason, /Per status list 2 of 2026-05-31T23:30:00Z \(9000 s old\)\. Note: the status list is stale since 2026-06-01T01:30:00Z/);
  // without a status list, the same unit's valid signature says SIGNATURE_VALID and nothing about a list
  const bare = verifyOffline(m.input, { trustList: trust, now });
  assert.equal(bare.verdict, 'SIGNATURE_VALID');
  assert.equal(bare.statusSequence, null);
  assert.equal(bare.statusAge, null);
});

test('the verdict object carries the contract members', () => {
  const v = verify(valid('ed25519 plain URL').input);
  for (const k of ['verdict', 'batchId', 'serial', 'keyId', 'algorithm', 'gtin', 'statusSequence', 'statusAge', 'reason']) {
    assert.ok(k in v, k);
  }
  assert.equal(v.batchId, 3000000123);
  assert.equal(v.serial, '9f3a61c2d4e5b708');
  assert.equal(v.algorithm, 'ED25519');
  assert.equal(v.gtin, null);
  assert.equal(v.reason, 'The signature is valid: this mark was issued by the programme (checked offline; activation, recalls and copies are checked online).');
  assert.equal(toHex(fromHex('00ff')), '00ff');
});
