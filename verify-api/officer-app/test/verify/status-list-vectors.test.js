import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromHex, loadStatusList, loadTrustList, verifyOffline, VerifyError, StatusList } from '../../src/verify/index.js';
import { loadVectors, utf8 } from './vectors.js';

// docs/test-vectors/status-lists.json, checked as the SDK's StatusListVectorsTest: the three
// documents verify with their header values, the delta applied to list 1 is list 2, each invalid
// document is refused with the SDK's words, the store rules hold, and the 8 marks get their verdicts.
const doc = loadVectors('status-lists.json');
const roots = [{ algorithm: doc.rootAlgorithm, publicKey: doc.rootPublicKey }];
const now = new Date(doc.now);
const bytes = (name) => fromHex(doc[name].document);

for (const name of ['full1', 'delta1to2', 'full2']) {
  test(`status-lists.json: ${name} verifies with its sequence, base and state digest`, () => {
    const v = doc[name];
    assert.equal(bytes(name).length, v.length);
    const held = name === 'delta1to2' ? loadStatusList(bytes('full1'), roots, now, null) : null;
    const list = loadStatusList(bytes(name), roots, now, held);
    assert.ok(list instanceof StatusList);
    assert.equal(list.sequence, v.sequence);
    assert.equal(list.stateDigest, v.stateDigest);
    assert.equal(list.issuedAt.toISOString().replace('.000Z', 'Z'), v.issuedAt);
    assert.equal(list.nextUpdate.toISOString().replace('.000Z', 'Z'), v.nextUpdate);
    assert.equal(list.unitCount(), v.units);
  });
}

test('status-lists.json: the delta applied to list 1 is list 2', () => {
  const one = loadStatusList(bytes('full1'), roots, now, null);
  const applied = loadStatusList(bytes('delta1to2'), roots, now, one);
  const two = loadStatusList(bytes('full2'), roots, now, null);
  assert.equal(applied.sequence, 2);
  assert.equal(applied.stateDigest, two.stateDigest);
  assert.deepEqual([...applied.batches.keys()], [...two.batches.keys()]);
  // what a device stores (the full list and the delta, as received) reloads to the same list
  const reloaded = loadStatusList(applied.bytes(), roots, now, null);
  assert.equal(reloaded.stateDigest, two.stateDigest);
  assert.equal(applied.documents.length, 2);
});

for (const bad of doc.invalid) {
  test(`status-lists.json: refused — ${bad.name}`, () => {
    assert.throws(() => loadStatusList(fromHex(bad.document), roots, now, null), (e) => {
      assert.ok(e instanceof VerifyError, `not a VerifyError: ${e}`);
      assert.match(e.code, /^STATUS_LIST_/);
      assert.ok(e.message.includes(bad.errorContains), `'${e.message}' should contain '${bad.errorContains}'`);
      return true;
    });
  });
}

for (const rule of doc.storeRules) {
  test(`status-lists.json: store rule — ${rule.name}`, () => {
    const held = loadStatusList(bytes(rule.hold), roots, now, null);
    const offer = () => loadStatusList(bytes(rule.offer), roots, now, held);
    if (rule.expected === 'refused') {
      assert.throws(offer, VerifyError);
    } else {
      assert.equal(offer(), held, 'unchanged: the held list itself');
    }
  });
}

test('status-lists.json: the 8 marks get their verdicts under list 2 (full1 + delta) at now', () => {
  const trustList = loadTrustList(utf8(doc.trustListDocument), roots, now);
  const statusList = loadStatusList(bytes('delta1to2'), roots, now, loadStatusList(bytes('full1'), roots, now, null));
  assert.equal(doc.marks.length, 8);
  for (const m of doc.marks) {
    const v = verifyOffline(m.input, { trustList, statusList, now });
    assert.equal(v.verdict, m.expected, m.name);
    assert.equal(v.statusSequence, 2, m.name);
    assert.equal(v.statusAge, now - statusList.issuedAt, m.name);
  }
});
