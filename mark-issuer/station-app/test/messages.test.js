// Both languages have every word; slots are filled; every outcome the contract names has a word.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MESSAGES, fill, outcomeWord, words } from '../src/messages.js';
import { REASONS } from '../src/engine.js';

function keys(o, prefix = '') {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, prefix + k + '.') : [prefix + k])).sort();
}

test('Chinese and English have the same keys', () => {
  assert.deepEqual(keys(MESSAGES.en), keys(MESSAGES['zh-CN']));
});

test('every outcome of the contract and every reason has a word', () => {
  for (const lang of ['zh-CN', 'en']) {
    const w = words(lang);
    for (const o of ['OK', 'ALREADY_ACTIVE', 'ALREADY_VOIDED', 'NOT_ACTIVE', 'ALREADY_PACKED', 'WRONG_BATCH', 'WRONG_PRODUCT',
      'NOT_OURS', 'UNREADABLE', 'QUEUED']) {
      assert.ok(outcomeWord(w, o, 'ACTIVATE'), `${lang} ${o}`);
    }
    for (const r of REASONS) assert.ok(w.reasons[r], `${lang} reason ${r}`);
  }
  assert.equal(outcomeWord(words('en'), 'OK', 'REJECT'), 'Rejected (voided)');
  assert.equal(outcomeWord(words('en'), 'PACKED', 'PALLET'), 'Pallet packed');
  assert.equal(outcomeWord(words('en'), 'FUTURE', 'ACTIVATE'), 'Refused (FUTURE)');
  assert.equal(words('xx'), MESSAGES['zh-CN'], 'Chinese by default');
});

test('fill leaves unknown slots visible', () => {
  assert.equal(fill('{n} of {m}', { n: 3 }), '3 of {m}');
});
