// The outbox (src/outbox.js) against a scripted issuer: order kept, scans grouped and packs alone,
// an item leaves only once answered, a network cut mid-way loses and doubles nothing, a lost answer
// is a harmless replay, refusals and a revoked key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { drain, nextRequest, memoryStore, Sender, Unreachable, Denied, Refused } from '../src/outbox.js';

const scan = (id, code = 'c' + id) => ({ id, kind: 'scan', body: { id, mode: 'ACTIVATE', code, at: '2026-12-06T10:00:00Z' } });
const pack = (id, children) => ({ id, kind: 'pack', body: { id, level: 'CASE', parent: 'case-' + id, children, at: '2026-12-06T10:00:00Z' } });

/** An issuer that applies each id once (as the real one: LWT per id) and can be cut off. */
function issuer() {
  const applied = new Map();
  const calls = [];
  const s = {
    up: true,
    calls,
    applied,
    loseAnswers: false,
    answer(body) {
      const again = applied.has(body.id);
      if (!again) applied.set(body.id, body);
      return { id: body.id, outcome: 'OK', message: 'ok', unit: null, replayed: again };
    },
    send: {
      scans: async (bodies) => {
        calls.push(['scans', bodies.map((b) => b.id)]);
        if (!s.up) throw new Unreachable('Failed to fetch');
        const r = bodies.map((b) => s.answer(b));
        if (s.loseAnswers) {
          s.loseAnswers = false;
          throw new Unreachable('the connection dropped before the answer');
        }
        return r;
      },
      pack: async (body) => {
        calls.push(['pack', [body.id]]);
        if (!s.up) throw new Unreachable('Failed to fetch');
        return s.answer(body);
      },
    },
  };
  return s;
}

test('scans go in runs, a pack alone, in the order they were made', () => {
  const items = [scan('a'), scan('b'), pack('p', ['ca', 'cb']), scan('c')];
  assert.deepEqual(nextRequest(items).items.map((i) => i.id), ['a', 'b']);
  assert.deepEqual(nextRequest(items.slice(2)).items.map((i) => i.id), ['p']);
  assert.equal(nextRequest(items.slice(2)).kind, 'pack');
  assert.equal(nextRequest([]), null);
  const many = Array.from({ length: 1200 }, (_, i) => scan('s' + i));
  assert.equal(nextRequest(many).items.length, 500, 'at most 500 scans a call (the contract\'s limit)');
  assert.equal(nextRequest(many, 7).items.length, 7);
});

test('a drain empties the outbox in order and reports each answer once', async () => {
  const store = memoryStore();
  for (const i of [scan('a'), scan('b'), pack('p', ['ca', 'cb']), scan('c')]) await store.add(i);
  const srv = issuer();
  const seen = [];
  const res = await drain({ store, send: srv.send, onResult: (item, r) => seen.push(`${item.id}:${r.outcome}`) });
  assert.deepEqual(res, { state: 'empty', left: 0 });
  assert.deepEqual(seen, ['a:OK', 'b:OK', 'p:OK', 'c:OK']);
  assert.deepEqual(srv.calls, [['scans', ['a', 'b']], ['pack', ['p']], ['scans', ['c']]]);
  assert.equal(store.items.length, 0);
});

test('a network cut keeps everything queued; when the issuer answers again every item arrives once, in order', async () => {
  const store = memoryStore();
  const srv = issuer();
  const seen = [];
  const onResult = (item) => seen.push(item.id);
  await store.add(scan('1'));
  await drain({ store, send: srv.send, onResult });
  srv.up = false;
  for (const id of ['2', '3']) await store.add(scan(id));
  await store.add(pack('4', ['c2', 'c3']));
  await store.add(scan('5'));
  const off = await drain({ store, send: srv.send, onResult });
  assert.equal(off.state, 'offline');
  assert.equal(off.left, 4);
  assert.equal(store.items.length, 4, 'nothing dropped while the issuer is away');
  const again = await drain({ store, send: srv.send, onResult });
  assert.equal(again.state, 'offline', 'still away: still queued, nothing sent twice');
  srv.up = true;
  const back = await drain({ store, send: srv.send, onResult });
  assert.equal(back.state, 'empty');
  assert.deepEqual(seen, ['1', '2', '3', '4', '5']);
  assert.deepEqual([...srv.applied.keys()], ['1', '2', '3', '4', '5'], 'applied once each, in the order scanned');
});

test('an answer lost on the way means the same ids are sent again and answered as replays, applied once', async () => {
  const store = memoryStore();
  const srv = issuer();
  const seen = [];
  for (const id of ['a', 'b']) await store.add(scan(id));
  srv.loseAnswers = true;
  const first = await drain({ store, send: srv.send, onResult: (i, r) => seen.push(r) });
  assert.equal(first.state, 'offline');
  assert.equal(store.items.length, 2, 'unanswered items stay');
  await drain({ store, send: srv.send, onResult: (i, r) => seen.push(r) });
  assert.deepEqual(seen.map((r) => [r.id, r.replayed]), [['a', true], ['b', true]]);
  assert.equal(srv.applied.size, 2);
});

test('an item the issuer leaves unanswered stays in its place; an issuer answering nothing does not loop', async () => {
  const store = memoryStore();
  for (const id of ['a', 'b', 'c']) await store.add(scan(id));
  let round = 0;
  const send = {
    scans: async (bodies) => {
      round++;
      return round === 1 ? [{ id: 'a', outcome: 'OK' }, { id: 'c', outcome: 'OK' }] : [];
    },
    pack: async () => assert.fail('no pack'),
  };
  const res = await drain({ store, send, onResult: () => {} });
  assert.equal(res.state, 'offline');
  assert.deepEqual(store.items.map((i) => i.id), ['b']);
  assert.equal(round, 2);
});

test('a refused request (a 4xx other than 401/403) answers its items as REFUSED with the sentence; they are not resent', async () => {
  const store = memoryStore();
  await store.add(pack('p', []));
  await store.add(scan('s'));
  const seen = [];
  const send = {
    pack: async () => { throw new Refused(400, 'A pack needs at least one child.'); },
    scans: async (b) => b.map((x) => ({ id: x.id, outcome: 'OK' })),
  };
  const res = await drain({ store, send, onResult: (i, r) => seen.push([i.id, r.outcome, r.message || '']) });
  assert.equal(res.state, 'empty');
  assert.deepEqual(seen, [['p', 'REFUSED', 'A pack needs at least one child.'], ['s', 'OK', '']]);
});

test('a revoked key stops the drain and keeps every item', async () => {
  const store = memoryStore();
  await store.add(scan('a'));
  const send = { scans: async () => { throw new Denied(401, 'This key was revoked.'); }, pack: async () => ({}) };
  const res = await drain({ store, send, onResult: () => assert.fail('nothing answered') });
  assert.deepEqual(res, { state: 'denied', left: 1, error: 'This key was revoked.' });
  assert.equal(store.items.length, 1);
});

test('the sender runs one drain at a time and another right after when kicked during one', async () => {
  let runs = 0;
  let release;
  const s = new Sender(async () => {
    runs++;
    if (runs === 1) await new Promise((r) => { release = r; });
    return { state: 'empty', left: 0 };
  });
  const first = s.kick();
  s.kick();
  s.kick();
  release();
  await first;
  assert.equal(runs, 2, 'two kicks during the first drain make one more drain, not two');
  const offline = new Sender(async () => ({ state: 'offline', left: 3 }));
  const p = offline.kick();
  offline.kick();
  assert.equal((await p).state, 'offline');
});

test('the memory store refuses an id already queued', async () => {
  const store = memoryStore();
  await store.add(scan('a'));
  await assert.rejects(store.add(scan('a')), /already queued/);
});
