import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTrustList, VerifyError } from '../../src/verify/index.js';
import { loadVectors, utf8 } from './vectors.js';

// docs/test-vectors/trust-lists.json, checked as the SDK's TrustListVectorsTest: each document is
// ACCEPTED or refused with its TrustListRefusal; with 'held', that list is loaded first and the
// document offered as an update (previous).
const doc = loadVectors('trust-lists.json');
const roots = [{ algorithm: doc.rootAlgorithm, publicKey: doc.rootPublicKey }];
const now = new Date('2026-06-01T00:00:00Z'); // MarkVectors.NOW; acceptance does not depend on it

function bytesOf(v) {
  return utf8(v.document + ' '.repeat(v.padWithSpaces || 0));
}

test('trust-lists.json: the file holds the 71 vectors docs/mark-format.md section 11 states', () => {
  assert.equal(doc.vectors.length, 71);
});

for (const v of doc.vectors) {
  test(`trust-lists.json: ${v.name} → ${v.expected}`, () => {
    const previous = v.held ? loadTrustList(utf8(v.held), roots, now) : null;
    const offer = () => loadTrustList(bytesOf(v), roots, now, previous);
    if (v.expected === 'ACCEPTED') {
      const list = offer();
      assert.ok(list.sequence >= 1);
      assert.ok(list.hosts.length >= 1);
    } else {
      assert.throws(offer, (e) => {
        assert.ok(e instanceof VerifyError, `not a VerifyError: ${e}`);
        assert.equal(e.refusal, v.expected, e.message);
        assert.equal(e.code, `TRUST_LIST_${v.expected}`);
        return true;
      });
    }
  });
}

test('trust-lists.json: every refusal that is a property of a document has a vector', () => {
  const seen = new Set(doc.vectors.map((v) => v.expected));
  for (const r of ['TOO_LARGE', 'BOM', 'BAD_FRAMING', 'NOT_JSON', 'DUPLICATE_MEMBER', 'UNKNOWN_MEMBER', 'BAD_FORMAT',
    'BAD_VALUE', 'SEQUENCE_RANGE', 'NO_HOSTS', 'BAD_HOST', 'BAD_KEY', 'KEY_ID_MISMATCH', 'BAD_STATUS', 'VALIDITY_ORDER',
    'DUPLICATE_KEY_ID', 'NOT_CANONICAL', 'UNPINNED_ROOT', 'BAD_SIGNATURE', 'ROLLBACK', 'EQUIVOCATION',
    'DELEGATION_UNPINNED_ROOT', 'DELEGATION_BAD_SIGNATURE', 'DELEGATION_KEY_MISMATCH', 'DELEGATION_NOT_VALID',
    'DELEGATION_SCOPE']) {
    assert.ok(seen.has(r), r);
  }
});

test('trust-lists.json: the held list offered again is the held list itself (unchanged)', () => {
  const v = doc.vectors.find((x) => x.name === 'the held list offered again');
  const held = loadTrustList(utf8(v.held), roots, now);
  assert.equal(loadTrustList(bytesOf(v), roots, now, held), held);
});
