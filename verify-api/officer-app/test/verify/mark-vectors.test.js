import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTrustList, verifyOffline, toHex } from '../../src/verify/index.js';
import { loadVectors, utf8 } from './vectors.js';

// docs/test-vectors/marks.json, checked as the SDK's MarkVectorsTest checks it: verdict, reason for
// MALFORMED, host for FOREIGN, and the decoded fields of every vector that gives them.
const doc = loadVectors('marks.json');
const now = new Date(doc.now);
const roots = [{ algorithm: doc.rootAlgorithm, publicKey: doc.rootPublicKey }];
const trustList = loadTrustList(utf8(doc.trustListDocument), roots, now);

test('marks.json: the file holds the 74 vectors docs/mark-format.md section 11 states', () => {
  assert.equal(doc.vectors.length, 74);
});

for (const v of doc.vectors) {
  test(`marks.json: ${v.name} → ${v.expected}${v.reason ? ' ' + v.reason : ''}`, () => {
    const verdict = verifyOffline(v.input, { trustList, now });
    assert.equal(verdict.verdict, v.expected);
    if (v.expected === 'MALFORMED') assert.equal(verdict.malformedReason, v.reason);
    if (v.expected === 'FOREIGN') assert.equal(verdict.host, v.host);
    if ('productId' in v) {
      assert.equal(verdict.productId, v.productId);
      assert.equal(verdict.batchId, v.batchId);
      assert.equal(verdict.serial, v.serial);
      assert.equal(verdict.keyId, v.keyId);
      assert.equal(verdict.algorithm, v.algorithm);
      assert.equal(verdict.gtin, v.gtin ?? null);
    }
    assert.equal(typeof verdict.reason, 'string');
  });
}

test('marks.json: every malformed reason of the SDK is shown by some vector and recognised here', () => {
  const reasons = new Set(doc.vectors.filter((v) => v.reason).map((v) => v.reason));
  for (const r of ['EMPTY', 'TOO_LONG', 'BINARY', 'NOT_A_MARK', 'NOT_HTTPS', 'BAD_PATH', 'BAD_ENCODING', 'BAD_LENGTH',
    'UNSUPPORTED_VERSION', 'UNKNOWN_ALGORITHM', 'BAD_GTIN', 'BAD_SERIAL', 'INVISIBLE']) {
    assert.ok(reasons.has(r), r);
  }
});

test('marks.json: the record and signature input of the valid vectors are the bytes that were verified', async () => {
  const { parseScan, signatureInput } = await import('../../src/verify/scan.js');
  for (const v of doc.vectors.filter((x) => x.record)) {
    const p = parseScan(v.input, trustList.hostSet);
    assert.equal(p.kind, 'PARSED', v.name);
    assert.equal(toHex(p.mark.record), v.record, v.name);
    if (v.signatureInput) assert.equal(toHex(signatureInput(p.mark)), v.signatureInput, v.name);
  }
});
