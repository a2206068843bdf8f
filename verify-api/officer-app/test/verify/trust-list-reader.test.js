import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTrustList, VerifyError } from '../../src/verify/index.js';
import { loadVectors, utf8 } from './vectors.js';

// The JSON reader's corners, where JSON.parse would answer differently from the SDK's Jackson reader.
// Each expected refusal is what TrustListCodec.decodeAndVerify (Jackson 2.22, strict duplicate
// detection) answers for the same bytes — checked against the SDK when these cases were written.
const tl = loadVectors('trust-lists.json');
const roots = [{ algorithm: tl.rootAlgorithm, publicKey: tl.rootPublicKey }];
const good = tl.vectors.find((v) => v.name === 'canonical list without the trailing LF').document;
const now = new Date('2026-06-01T00:00:00Z');

const cases = [
  ['leading zero in the sequence', good.replace('"sequence":7', '"sequence":07'), 'NOT_JSON'],
  ['sequence with an exponent (a float to Jackson)', good.replace('"sequence":7', '"sequence":7e0'), 'BAD_VALUE'],
  ['sequence of 30 digits', good.replace('"sequence":7', `"sequence":${'1'.repeat(30)}`), 'SEQUENCE_RANGE'],
  ['sequence of 1001 digits (over Jackson\'s number length)', good.replace('"sequence":7', `"sequence":${'1'.repeat(1001)}`), 'NOT_JSON'],
  ['sequence -0', good.replace('"sequence":7', '"sequence":-0'), 'SEQUENCE_RANGE'],
  ['sequence +7', good.replace('"sequence":7', '"sequence":+7'), 'NOT_JSON'],
  ['trailing comma', good.replace('"VISIT.MARKAUTH.CN"]', '"VISIT.MARKAUTH.CN",]'), 'NOT_JSON'],
  ['nesting depth 1000 is read (then the member is unknown)', good.replace('{"format"', `{"x":${'['.repeat(999)}${']'.repeat(999)},"format"`), 'UNKNOWN_MEMBER'],
  ['nesting depth 1001 is not', good.replace('{"format"', `{"x":${'['.repeat(1000)}${']'.repeat(1000)},"format"`), 'NOT_JSON'],
  ['a repeated envelope member is refused at its name, before its broken value', good.replace('{"format"', '{"format":"a","format":tru,"q"'), 'DUPLICATE_MEMBER'],
  ['a repeated key member', good.replace('"status":"ACTIVE"', '"status":"ACTIVE","status":"ACTIVE"'), 'DUPLICATE_MEMBER'],
  ['truex', good.replace('{"format"', '{"x":truex,"format"'), 'NOT_JSON'],
  ['an escaped slash outside the payload is the same string', good.replace('markauth-trust-list/1', 'markauth-trust-list\\/1'), 'ACCEPTED'],
  ['a raw tab inside a string', good.replace('markauth-trust-list/1', 'markauth-trust-list/1\t'), 'NOT_JSON'],
  ['24:00:00 reads as the next midnight, then is not canonical', good.replace('"issuedAt":"2026-05-31T00:00:00Z"', '"issuedAt":"2026-05-30T24:00:00Z"'), 'NOT_CANONICAL'],
  ['23:59:60 reads as 23:59:59, then is not canonical', good.replace('"issuedAt":"2026-05-31T00:00:00Z"', '"issuedAt":"2026-05-30T23:59:60Z"'), 'NOT_CANONICAL'],
  ['30 February', good.replace('"issuedAt":"2026-05-31T00:00:00Z"', '"issuedAt":"2026-02-30T00:00:00Z"'), 'BAD_VALUE'],
  ['validUntil null', good.replace('"status":"ACTIVE"}', '"validUntil":null,"status":"ACTIVE"}'), 'BAD_VALUE'],
  ['format a number', good.replace('"markauth-trust-list/1"', '1'), 'BAD_VALUE'],
  ['format missing', good.replace('"format":"markauth-trust-list/1",', ''), 'BAD_VALUE'],
  ['/2 without a delegation', good.replace('markauth-trust-list/1', 'markauth-trust-list/2'), 'BAD_VALUE'],
  ['/1 with a delegation member', good.replace('{"format"', '{"delegation":{},"format"'), 'UNKNOWN_MEMBER'],
  ['an empty signature value', good.replace(/"value":"[0-9a-f]+"/, '"value":""'), 'BAD_SIGNATURE'],
  ['keys an object', good.replace(/"keys":\[.*\]\}/, '"keys":{}}'), 'BAD_VALUE'],
  ['a key that is a string', good.replace('"keys":[', '"keys":["x",'), 'BAD_VALUE'],
];

for (const [name, document, expected] of cases) {
  test(`trust-list reader: ${name} → ${expected}`, () => {
    const offer = () => loadTrustList(utf8(document), roots, now);
    if (expected === 'ACCEPTED') {
      assert.equal(offer().sequence, 7);
    } else {
      assert.throws(offer, (e) => e instanceof VerifyError && e.refusal === expected, expected);
    }
  });
}

test('trust-list reader: bytes that are not UTF-8 in a string are NOT_JSON; an overlong slash is read as Jackson reads it', () => {
  const at = good.indexOf('MARKAUTH.CN') + 2;
  const invalid = Uint8Array.from([...utf8(good.slice(0, at)), 0xff, ...utf8(good.slice(at))]);
  assert.throws(() => loadTrustList(invalid, roots, now), (e) => e.refusal === 'NOT_JSON');
  const slash = good.indexOf('list/1') + 4;
  const overlong = Uint8Array.from([...utf8(good.slice(0, slash)), 0xc0, 0xaf, ...utf8(good.slice(slash + 1))]);
  assert.equal(loadTrustList(overlong, roots, now).sequence, 7);
  assert.throws(() => loadTrustList(Uint8Array.of(0x7b, 0, 0x22, 0), roots, now), (e) => e.refusal === 'NOT_JSON');
});
