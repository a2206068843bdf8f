// The inspection record and its signature, as the phone makes them (src/app/record.js), checked
// with WebCrypto (node's, the same API the browser has) and node's own ECDSA verifier, which reads
// the signature the way the server's SHA256withECDSAinP1363Format does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, verify, createHash } from 'node:crypto';
import {
  uuidV4, base64url, geohash, buildRecord, validateRecord, recordText, signatureInput, deviceIdOf, defaultOutcome, LIMITS,
} from '../../src/app/record.js';

const DEVICE = '0123456789abcdef0123456789abcdef';

function draft(extra = {}) {
  return {
    startedAt: Date.parse('2026-12-06T10:15:30.123Z'),
    units: [{ code: 'HTTPS://MARKAUTH.CN/M/CH6DS', verdict: 'SIGNATURE_VALID', source: 'OFFLINE', checkedAt: Date.parse('2026-12-06T10:16:00Z'),
      statusSequence: 12, batchId: 3000000123, serial: '9f3a61c2d4e5b708', outcome: 'PASSED' }],
    photos: [{ sha256: 'a'.repeat(64), type: 'image/jpeg', bytes: 1234, data: new Uint8Array(3) }],
    seizures: [{ quantity: 24, reason: '假冒电水壶', heldAt: '禅城区市场监管局仓库' }],
    notes: '摊位 12',
    place: { geohash: 'ws0e9', label: '祖庙路市场' },
    ...extra,
  };
}

const ids = { id: uuidV4(new Uint8Array(16).fill(0xab)), device: DEVICE, officer: 'officer-7', endedAt: Date.parse('2026-12-06T10:40:00Z') };

test('a UUID v4 carries its version and variant bits and is lowercase', () => {
  const u = uuidV4(new Uint8Array(16).fill(0xff));
  assert.equal(u, 'ffffffff-ffff-4fff-bfff-ffffffffffff');
  assert.match(uuidV4(new Uint8Array(16)), /^00000000-0000-4000-8000-000000000000$/);
  assert.throws(() => uuidV4(new Uint8Array(15)), /16 random bytes/);
});

test('base64url is RFC 4648 section 5 without padding', () => {
  assert.equal(base64url(new TextEncoder().encode('foobar')), 'Zm9vYmFy');
  assert.equal(base64url(new TextEncoder().encode('fo')), 'Zm8');
  assert.equal(base64url(Uint8Array.of(0xfb, 0xff)), '-_8');
});

test('geohash matches the published example and is coarse at five characters', () => {
  // the example of the geohash article: 57.64911, 10.40744 is u4pruydqqvj
  assert.equal(geohash(57.64911, 10.40744, 11), 'u4pruydqqvj');
  assert.equal(geohash(57.64911, 10.40744), 'u4pru');
  assert.equal(geohash(-90, -180, 3), '000');
  assert.throws(() => geohash(91, 0), RangeError);
});

test('a record built from an inspection has every member the server expects, in UTC with milliseconds', () => {
  const r = buildRecord(draft(), ids);
  assert.deepEqual(Object.keys(r), ['format', 'id', 'device', 'officer', 'startedAt', 'endedAt', 'place', 'units', 'photos', 'seizures', 'notes']);
  assert.equal(r.format, 'markauth-inspection/1');
  assert.equal(r.startedAt, '2026-12-06T10:15:30.123Z');
  assert.equal(r.units[0].checkedAt, '2026-12-06T10:16:00.000Z');
  assert.deepEqual(r.photos, [{ sha256: 'a'.repeat(64), type: 'image/jpeg', bytes: 1234 }], 'photos by hash, never their bytes');
  assert.deepEqual(r.place, { geohash: 'ws0e9', label: '祖庙路市场' });
  assert.deepEqual(validateRecord(r), []);
});

test('a place name without a position goes to the notes, and no position at all is a null place', () => {
  const r = buildRecord(draft({ place: { geohash: '', label: '祖庙路市场' } }), ids);
  assert.equal(r.place, null);
  assert.equal(r.notes, '祖庙路市场\n摊位 12');
  assert.equal(buildRecord(draft({ place: { geohash: '', label: '' } }), ids).notes, '摊位 12');
});

test('a record the server would refuse is refused on the phone, naming the member', () => {
  assert.throws(() => buildRecord(draft({ units: [{ ...draft().units[0], outcome: 'LOST' }] }), ids), /units\[0\]\.outcome/);
  assert.throws(() => buildRecord(draft({ notes: 'x'.repeat(LIMITS.notes + 1) }), ids), /notes/);
  assert.throws(() => buildRecord(draft({ seizures: [{ quantity: 0, reason: 'r', heldAt: 'h' }] }), ids), /seizures\[0\]\.quantity/);
  assert.throws(() => buildRecord(draft({ photos: Array(21).fill(draft().photos[0]) }), ids), /photos: at most 20/);
  assert.throws(() => buildRecord(draft(), { ...ids, endedAt: Date.parse('2026-12-06T09:00:00Z') }), /endedAt is before startedAt/);
  assert.throws(() => buildRecord(draft({ units: [{ ...draft().units[0], serial: 'XYZ' }] }), ids), /units\[0\]\.serial/);
  const huge = draft({ units: Array.from({ length: 1000 }, () => ({ ...draft().units[0], code: 'H'.repeat(300) })) });
  assert.throws(() => buildRecord(huge, ids), /over 262144 bytes/);
});

test('the signature input is the 22-byte context then the record text in UTF-8', () => {
  const input = signatureInput('{"n":"执法"}');
  assert.equal(new TextDecoder().decode(input.slice(0, 22)), 'MARKAUTH-INSPECTION-v1');
  assert.equal(input.length, 22 + 8 + 6);
  assert.deepEqual([...input.slice(22)], [...Buffer.from('{"n":"执法"}', 'utf8')]);
});

test('a record signed with a non-extractable WebCrypto key verifies as P1363 under its SPKI and fails once changed', async () => {
  const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
  await assert.rejects(crypto.subtle.exportKey('pkcs8', keys.privateKey), 'the private key cannot be read');
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey));
  const device = deviceIdOf(new Uint8Array(await crypto.subtle.digest('SHA-256', spki)));
  assert.equal(device, createHash('sha256').update(spki).digest('hex').slice(0, 32));
  const text = recordText(buildRecord(draft(), { ...ids, device }));
  const sig = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, keys.privateKey, signatureInput(text)));
  assert.equal(sig.length, 64, 'r||s, 32 bytes each');
  const key = createPublicKey({ key: Buffer.from(base64url(spki), 'base64url'), format: 'der', type: 'spki' });
  const ok = (t) => verify('sha256', Buffer.from(signatureInput(t)), { key, dsaEncoding: 'ieee-p1363' }, sig);
  assert.equal(ok(text), true);
  assert.equal(ok(text.replace('"quantity":24', '"quantity":25')), false);
});

test('the outcome offered first follows the verdict category', () => {
  assert.equal(defaultOutcome('GENUINE'), 'PASSED');
  assert.equal(defaultOutcome('WARNING'), 'SUSPECT');
  assert.equal(defaultOutcome('COUNTERFEIT'), 'COUNTERFEIT');
  assert.equal(defaultOutcome('INVALID'), 'SUSPECT');
});
