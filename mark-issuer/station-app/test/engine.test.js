// The station's rules (src/engine.js): what each code means per mode, the open case and pallet,
// short cases, refused units leaving the case, a snapshot surviving a reload, counters and rate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Station, Tally, look, percentiles } from '../src/engine.js';

const AT = '2026-12-06T10:00:00Z';

test('activate and reject: every code is one scan; reject carries the chosen reason', () => {
  const s = new Station({ packSize: 3 });
  assert.deepEqual(s.scan(' u1 ', AT, 'i1'), { kind: 'scan', body: { id: 'i1', mode: 'ACTIVATE', code: 'u1', at: AT } });
  s.setMode('REJECT');
  s.setReason('DAMAGED');
  assert.deepEqual(s.scan('u2', AT, 'i2').body, { id: 'i2', mode: 'REJECT', code: 'u2', at: AT, reason: 'damaged' });
  assert.deepEqual(s.scan('   ', AT, 'i3'), { kind: 'local', outcome: 'UNREADABLE', code: '' });
  assert.throws(() => s.setReason('BORED'));
  assert.throws(() => s.setMode('DANCE'));
});

test('pack: packSize units are CHECKed, the next code is the case label with them as children', () => {
  const s = new Station({ packSize: 3 });
  s.setMode('PACK');
  for (const u of ['u1', 'u2', 'u3']) assert.equal(s.scan(u, AT, 'x-' + u).body.mode, 'CHECK');
  assert.equal(s.expectsLabel(), true);
  const p = s.scan('case-1', AT, 'p1');
  assert.deepEqual(p, { kind: 'pack', body: { id: 'p1', level: 'CASE', parent: 'case-1', children: ['u1', 'u2', 'u3'], at: AT } });
  assert.deepEqual(s.open, []);
  assert.equal(s.scan('u4', AT, 'x').kind, 'scan', 'a new case begins');
});

test('pack: a unit scanned twice into the open case is answered here; its label may not be one of its units', () => {
  const s = new Station({ packSize: 2 });
  s.setMode('PACK');
  s.scan('u1', AT, 'a');
  assert.equal(s.scan('u1', AT, 'b').outcome, 'DUPLICATE');
  s.scan('u2', AT, 'c');
  assert.equal(s.scan('u2', AT, 'd').outcome, 'DUPLICATE');
  assert.equal(s.expectsLabel(), true);
});

test('pack: a unit the issuer refuses leaves the case, so another is needed before the label', () => {
  const s = new Station({ packSize: 2 });
  s.setMode('PACK');
  s.scan('u1', AT, 'a');
  s.scan('u2', AT, 'b');
  s.checked('u2', 'ALREADY_PACKED');
  s.checked('u1', 'QUEUED');
  assert.deepEqual(s.open, ['u1']);
  assert.equal(s.expectsLabel(), false);
  assert.equal(s.scan('u3', AT, 'c').body.mode, 'CHECK');
  assert.equal(s.scan('case', AT, 'd').body.children.length, 2);
});

test('pack: closing a short case makes the next code its label; nothing open, nothing to close', () => {
  const s = new Station({ packSize: 20 });
  s.setMode('PACK');
  assert.equal(s.closeEarly(), false);
  s.scan('u1', AT, 'a');
  assert.equal(s.closeEarly(), true);
  assert.deepEqual(s.scan('case', AT, 'b').body.children, ['u1']);
  assert.equal(s.closeNow, false);
});

test('pallet: casesPerPallet case labels are collected here, the next code is the pallet label', () => {
  const s = new Station({ packSize: 20, casesPerPallet: 2 });
  s.setMode('PACK');
  s.setLevel('PALLET');
  assert.equal(s.scan('c1', AT, 'a').outcome, 'ADDED');
  assert.equal(s.scan('c2', AT, 'b').outcome, 'ADDED');
  assert.deepEqual(s.scan('pal', AT, 'p').body, { id: 'p', level: 'PALLET', parent: 'pal', children: ['c1', 'c2'], at: AT });
  s.scan('c3', AT, 'c');
  s.setLevel('CASE');
  assert.deepEqual(s.open, [], 'changing level drops the open pallet');
});

test('a snapshot restores mode, reason, level and the open case; junk in it is ignored', () => {
  const s = new Station({ packSize: 5 });
  s.setMode('PACK');
  s.scan('u1', AT, 'a');
  const back = new Station({ packSize: 5 }, JSON.parse(JSON.stringify(s.snapshot())));
  assert.deepEqual(back.snapshot(), s.snapshot());
  const junk = new Station({}, { mode: 'X', level: 1, open: [1, 'u'], reason: 'nope' });
  assert.deepEqual(junk.snapshot(), { mode: 'ACTIVATE', level: 'CASE', reason: 'PRINT_DEFECT', open: ['u'], closeNow: false });
});

test('looks: green, amber, red, queued; an outcome this page does not know is red', () => {
  assert.equal(look('OK'), 'ok');
  assert.equal(look('ALREADY_ACTIVE'), 'warn');
  for (const o of ['WRONG_BATCH', 'WRONG_PRODUCT', 'NOT_OURS', 'UNREADABLE', 'SOMETHING_NEW']) assert.equal(look(o), 'bad');
  assert.equal(look('QUEUED'), 'queued');
});

test('tally: counts per outcome, an answer replacing "queued" moves the count, the rate is the last minute', () => {
  const t = new Tally();
  t.add('OK:ACTIVATE', 1000);
  t.add('QUEUED:ACTIVATE', 2000);
  t.add('OK:ACTIVATE', 30000, 'QUEUED:ACTIVATE');
  assert.deepEqual(t.counts, { 'OK:ACTIVATE': 2, 'QUEUED:ACTIVATE': 0 });
  assert.equal(t.perMinute(30000), 2, 'the replayed scan is one scan, not two');
  assert.equal(t.perMinute(61500), 1);
  assert.equal(t.perMinute(200000), 0);
});

test('percentiles: nearest rank', () => {
  assert.equal(percentiles([]), null);
  const p = percentiles(Array.from({ length: 100 }, (_, i) => 100 - i));
  assert.deepEqual(p, { n: 100, median: 50, p95: 95, max: 100 });
});

test('a pack refused for its label reopens the case, the next code being another label; a refused child does not', () => {
  const s = new Station({ packSize: 2 });
  s.setMode('PACK');
  s.scan('u1', AT, 'a');
  s.scan('u2', AT, 'b');
  const p = s.scan('used-label', AT, 'c').body;
  assert.equal(s.labelRefused(p, 'CHILD_REFUSED'), false);
  assert.equal(s.labelRefused(p, 'PARENT_USED'), true);
  assert.deepEqual(s.scan('fresh-label', AT, 'd').body.children, ['u1', 'u2']);
  s.scan('u3', AT, 'e');
  assert.equal(s.labelRefused(p, 'PARENT_USED'), false, 'a new case was begun: nothing is reopened');
});
