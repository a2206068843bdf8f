// The words of the app: both languages have every key, and every verdict code the SDK knows
// (org.markauth.sdk.verify.VerdictCode, read from its source) has its title and sentence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MESSAGES, CATEGORY, translator, ago, initialLang } from '../../src/app/messages.js';

function keys(o, prefix = '') {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' && !Array.isArray(v) ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`])).sort();
}

/** The SDK's VerdictCode.java, found upwards from here: the source tree, or the Maven build's copy under verify-api/target. */
function verdictCodeSource() {
  const rel = join('scanner-sdk', 'src', 'main', 'java', 'org', 'markauth', 'sdk', 'verify', 'VerdictCode.java');
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, rel))) return join(dir, rel);
    if (dirname(dir) === dir) throw new Error(`no ${rel} above ${fileURLToPath(import.meta.url)}`);
  }
}

test('Chinese and English have the same keys', () => {
  assert.deepEqual(keys(MESSAGES.en), keys(MESSAGES['zh-CN']));
});

test('every verdict code of the SDK has a title, a sentence and a category in both languages', () => {
  const java = readFileSync(verdictCodeSource(), 'utf8');
  const codes = [...java.matchAll(/^ {4}([A-Z_]+)\(Category\.([A-Z]+),/gm)];
  assert.ok(codes.length >= 18);
  for (const [, code, category] of codes) {
    assert.equal(CATEGORY[code], category, code);
    for (const lang of ['zh-CN', 'en']) {
      const [title, sentence] = MESSAGES[lang].verdicts[code] || [];
      assert.ok(title && sentence, `${lang} ${code}`);
    }
  }
  assert.deepEqual(Object.keys(MESSAGES.en.verdicts).sort(), codes.map((c) => c[1]).sort());
});

test('placeholders are filled and ages read naturally', () => {
  assert.equal(translator('en')('signedInAs', { officer: 'officer-7' }), 'Signed in: officer-7');
  assert.equal(translator('zh-CN')('verdicts.FORGED.0'), '伪造');
  assert.equal(ago('en', 90 * 1000), '1 min ago');
  assert.equal(ago('zh-CN', 3 * 86400 * 1000), '3 天前');
  assert.equal(initialLang(undefined), 'zh-CN');
  assert.equal(initialLang('en'), 'en');
  assert.equal(initialLang('fr'), 'zh-CN');
});
