// Sending the outbox (src/app/sync.js) against a scripted server: photos before the record, the CSRF
// token on every call, each answer class mapped to its state, backoff, and idempotent re-sending.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sendItem, syncAll, backoff, due, counts, BACKOFF_MAX_MS } from '../../src/app/sync.js';

const NOW = 1_800_000_000_000;

function item(id = 'r1', extra = {}) {
  return {
    id, record: `{"id":"${id}"}`, signature: 'c2ln', state: 'pending', attempts: 0, nextAttemptAt: 0, createdAt: 1,
    photos: [{ sha256: 'ab'.repeat(32), type: 'image/jpeg', data: new Uint8Array([1, 2]) }], ...extra,
  };
}

/** A fetch answering from {@code script}: (method, url, init) → [status, body] or a thrown error. */
function server(script) {
  const calls = [];
  const fetch = async (url, init) => {
    calls.push({ url, method: init.method, headers: init.headers, body: init.body });
    const [status, body] = script(init.method, url, init, calls.length);
    return { status, ok: status < 300, json: async () => (typeof body === 'string' ? JSON.parse(body) : body) };
  };
  return { fetch, calls };
}

test('photos go first, then the record; every call carries the CSRF token; a 201 marks the item sent', async () => {
  const s = server((m, url) => (m === 'PUT' ? [201, {}] : [201, { id: 'r1', recordSha256: 'f'.repeat(64), receivedAt: '2026-12-06T10:00:00Z' }]));
  const after = await sendItem(item(), { fetch: s.fetch, csrf: 'tok', now: NOW });
  assert.deepEqual(s.calls.map((c) => `${c.method} ${c.url}`),
    [`PUT /api/v1/officer/photos/${'ab'.repeat(32)}`, 'POST /api/v1/officer/inspections']);
  assert.ok(s.calls.every((c) => c.headers['X-CSRF-Token'] === 'tok'));
  assert.equal(s.calls[0].headers['Content-Type'], 'image/jpeg');
  assert.deepEqual(JSON.parse(s.calls[1].body), { record: '{"id":"r1"}', signature: 'c2ln' }, 'the record text exactly as signed');
  assert.equal(after.state, 'sent');
  assert.equal(after.recordSha256, 'f'.repeat(64));
});

test('a lost connection keeps the item pending and retries later, doubling the wait up to ten minutes', async () => {
  const s = server(() => { throw new TypeError('Failed to fetch'); });
  const after = await sendItem(item(), { fetch: s.fetch, csrf: 't', now: NOW });
  assert.equal(after.state, 'pending');
  assert.equal(after.attempts, 1);
  assert.equal(after.nextAttemptAt, NOW + 5000);
  assert.equal(due(after, NOW + 4999), false);
  assert.equal(due(after, NOW + 5000), true);
  assert.deepEqual([1, 2, 3, 4].map(backoff), [5000, 10000, 20000, 40000]);
  assert.equal(backoff(30), BACKOFF_MAX_MS);
});

test('a 5xx or a 429 is retried, never refused', async () => {
  for (const status of [500, 503, 429]) {
    const s = server((m) => (m === 'PUT' ? [201, {}] : [status, { error: 'X', message: 'busy' }]));
    const after = await sendItem(item(), { fetch: s.fetch, csrf: 't', now: NOW });
    assert.equal(after.state, 'pending', String(status));
    assert.equal(after.attempts, 1);
  }
});

test('a 4xx is a refusal kept with the server\'s sentence', async () => {
  const s = server((m) => (m === 'PUT' ? [200, {}] : [422, { error: 'BAD_SIGNATURE', message: 'the record was changed after it was signed' }]));
  const after = await sendItem(item(), { fetch: s.fetch, csrf: 't', now: NOW });
  assert.equal(after.state, 'refused');
  assert.equal(after.status, 422);
  assert.equal(after.lastError, 'the record was changed after it was signed (BAD_SIGNATURE)');
  const photo = server(() => [415, 'not json']);
  const refused = await sendItem(item(), { fetch: async (u, i) => { const r = await photo.fetch(u, i); r.json = async () => { throw new SyntaxError('x'); }; return r; }, csrf: 't', now: NOW });
  assert.equal(refused.state, 'refused');
  assert.equal(refused.lastError, 'HTTP 415');
  assert.equal(photo.calls.length, 1, 'a refused photo stops the record from being sent');
});

test('a 401 asks for a new sign-in and stops the round: every other item would get the same', async () => {
  const saved = [];
  const s = server(() => [401, { error: 'UNAUTHORIZED', message: 'sign in' }]);
  const out = await syncAll([item('r1', { createdAt: 1 }), item('r2', { createdAt: 2 })],
    { fetch: s.fetch, csrf: 't', now: NOW, save: async (i) => saved.push(i) });
  assert.equal(saved.length, 1);
  assert.equal(saved[0].id, 'r1');
  assert.equal(saved[0].state, 'pending');
  assert.equal(saved[0].needSignIn, true);
  assert.equal(out.length, 1);
});

test('sending the same record twice is harmless: the second answer is the same receipt and photos are dropped once sent', async () => {
  const received = new Map();
  const s = server((m, url, init) => {
    if (m === 'PUT') return [received.size ? 200 : 201, {}];
    const body = JSON.parse(init.body);
    const again = received.has(body.record);
    received.set(body.record, true);
    return [again ? 200 : 201, { id: 'r1', recordSha256: 'e'.repeat(64), receivedAt: 'x' }];
  });
  const saved = [];
  const first = await syncAll([item()], { fetch: s.fetch, csrf: 't', now: NOW, save: async (i) => saved.push(i) });
  assert.equal(first[0].state, 'sent');
  assert.equal(first[0].photos[0].data, undefined, 'the photo bytes leave the phone once the record is accepted');
  assert.equal(first[0].photos[0].sha256, 'ab'.repeat(32));
  // the answer was lost: the phone sends the very same bytes again
  const second = await sendItem(item(), { fetch: s.fetch, csrf: 't', now: NOW });
  assert.equal(second.state, 'sent');
  assert.equal(received.size, 1);
  // an item already sent or refused, or not yet due, is not sent again by a round
  const n = s.calls.length;
  await syncAll([first[0], item('r3', { state: 'refused' }), item('r4', { nextAttemptAt: NOW + 1 })],
    { fetch: s.fetch, csrf: 't', now: NOW, save: async () => {} });
  assert.equal(s.calls.length, n);
});

test('counts by state', () => {
  assert.deepEqual(counts([item(), item('b', { state: 'sent' }), item('c', { state: 'sent' }), item('d', { state: 'refused' })]),
    { pending: 1, sent: 2, refused: 1 });
});
