// The inspection record "markauth-inspection/1" (docs/officer-app.md; the server's rules in
// the officer contract §3): built from an inspection in progress, checked against the same limits
// the server applies (so the phone never queues a record the server must refuse), and the bytes
// the device signs. Pure functions only: node's test runner covers them (test/app/record.test.js).

export const FORMAT = 'markauth-inspection/1';
export const SIGNATURE_CONTEXT = 'MARKAUTH-INSPECTION-v1';
export const OUTCOMES = ['PASSED', 'SUSPECT', 'COUNTERFEIT', 'SEIZED'];
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'];
export const LIMITS = Object.freeze({
  recordBytes: 256 * 1024, units: 1000, photos: 20, seizures: 50, code: 512, notes: 4000,
  placeLabel: 200, reason: 500, heldAt: 200, quantity: 1000000,
});

const UTF8 = new TextEncoder();
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const GEOHASH = /^[0123456789bcdefghjkmnpqrstuvwxyz]{1,6}$/;

/** A lowercase UUID v4 from 16 random bytes (crypto.getRandomValues in the app). */
export function uuidV4(random16) {
  const b = Uint8Array.from(random16);
  if (b.length !== 16) throw new Error('uuidV4 needs 16 random bytes, got ' + b.length);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = hex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function hex(bytes) {
  return Array.from(bytes, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** RFC 4648 §5 base64url without padding. */
export function base64url(bytes) {
  let s = '';
  for (const x of bytes) s += String.fromCharCode(x);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** ISO-8601 UTC with milliseconds, e.g. 2026-12-06T10:15:30.123Z. */
export function iso(date) {
  return new Date(date).toISOString();
}

/** The device id the server gives a key: the first 16 bytes of SHA-256(SPKI DER), as 32 hex digits. */
export function deviceIdOf(spkiSha256) {
  return hex(Uint8Array.from(spkiSha256).slice(0, 16));
}

/**
 * Geohash (Niemeyer's base-32 interleaving of longitude and latitude bits) of a position, at
 * {@code precision} characters; 5 characters are a cell of about 4.9 km × 4.9 km: where the
 * market was, not where the officer stood.
 */
export function geohash(lat, lon, precision = 5) {
  if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) throw new RangeError(`no position at ${lat}, ${lon}`);
  const alphabet = '0123456789bcdefghjkmnpqrstuvwxyz';
  let latR = [-90, 90];
  let lonR = [-180, 180];
  let out = '';
  let bit = 0;
  let ch = 0;
  let even = true;
  while (out.length < precision) {
    const r = even ? lonR : latR;
    const v = even ? lon : lat;
    const mid = (r[0] + r[1]) / 2;
    if (v >= mid) {
      ch = (ch << 1) | 1;
      r[0] = mid;
    } else {
      ch <<= 1;
      r[1] = mid;
    }
    even = !even;
    if (++bit === 5) {
      out += alphabet[ch];
      bit = 0;
      ch = 0;
    }
  }
  return out;
}

/** The outcome offered first for a verdict category: the officer changes it when the goods say otherwise. */
export function defaultOutcome(category) {
  return category === 'GENUINE' ? 'PASSED' : category === 'COUNTERFEIT' ? 'COUNTERFEIT' : 'SUSPECT';
}

/**
 * The record as the device signs it, from an inspection in progress ({@code draft}, as the app
 * keeps it in IndexedDB). Members in a fixed order; photos described by hash, type and size only.
 */
export function buildRecord(draft, { id, device, officer, endedAt }) {
  const record = {
    format: FORMAT,
    id,
    device,
    officer,
    startedAt: iso(draft.startedAt),
    endedAt: iso(endedAt),
    // the contract's place needs a geohash; a name without a position goes to the notes' first line
    place: draft.place && draft.place.geohash ? { geohash: draft.place.geohash, label: draft.place.label || '' } : null,
    units: draft.units.map((u) => ({
      code: u.code, verdict: u.verdict, source: u.source, checkedAt: iso(u.checkedAt),
      statusSequence: u.statusSequence ?? null, batchId: u.batchId ?? null, serial: u.serial ?? null, outcome: u.outcome,
    })),
    photos: draft.photos.map((p) => ({ sha256: p.sha256, type: p.type, bytes: p.bytes })),
    seizures: draft.seizures.map((s) => ({ quantity: s.quantity, reason: s.reason, heldAt: s.heldAt })),
    notes: draft.place && !draft.place.geohash && draft.place.label
      ? `${draft.place.label}\n${draft.notes || ''}`.trimEnd() : draft.notes || '',
  };
  const problems = validateRecord(record);
  if (problems.length) throw new RangeError(problems.join('; '));
  return record;
}

/** What is wrong with a record, by member, as the server would say it (empty: nothing). */
export function validateRecord(r) {
  const p = [];
  const str = (v, min, max) => typeof v === 'string' && v.length >= min && v.length <= max;
  const time = (v) => typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$/.test(v) && !isNaN(Date.parse(v));
  if (r.format !== FORMAT) p.push('format must be ' + FORMAT);
  if (!UUID.test(r.id || '')) p.push('id must be a lowercase UUID v4');
  if (!/^[0-9a-f]{32}$/.test(r.device || '')) p.push('device must be 32 hex digits');
  if (!str(r.officer, 1, 200)) p.push('officer is missing');
  if (!time(r.startedAt)) p.push('startedAt must be an ISO-8601 UTC time');
  if (!time(r.endedAt)) p.push('endedAt must be an ISO-8601 UTC time');
  if (time(r.startedAt) && time(r.endedAt) && Date.parse(r.endedAt) < Date.parse(r.startedAt)) p.push('endedAt is before startedAt');
  if (r.place !== null) {
    if (typeof r.place !== 'object') p.push('place must be an object or null');
    else {
      if (!GEOHASH.test(r.place.geohash || '')) p.push('place.geohash must be 1-6 geohash characters');
      if (!str(r.place.label, 0, LIMITS.placeLabel)) p.push(`place.label must be at most ${LIMITS.placeLabel} characters`);
    }
  }
  if (!Array.isArray(r.units) || r.units.length > LIMITS.units) p.push(`units: at most ${LIMITS.units}`);
  else r.units.forEach((u, i) => {
    if (!str(u.code, 1, LIMITS.code)) p.push(`units[${i}].code must be 1-${LIMITS.code} characters`);
    if (!/^[A-Z_]+$/.test(u.verdict || '')) p.push(`units[${i}].verdict must be a verdict code`);
    if (u.source !== 'ONLINE' && u.source !== 'OFFLINE') p.push(`units[${i}].source must be ONLINE or OFFLINE`);
    if (!time(u.checkedAt)) p.push(`units[${i}].checkedAt must be an ISO-8601 UTC time`);
    if (u.statusSequence !== null && !Number.isSafeInteger(u.statusSequence)) p.push(`units[${i}].statusSequence must be an integer or null`);
    if (u.batchId !== null && !Number.isSafeInteger(u.batchId)) p.push(`units[${i}].batchId must be an integer or null`);
    if (u.serial !== null && !/^[0-9a-f]{16}$/.test(u.serial)) p.push(`units[${i}].serial must be 16 hex digits or null`);
    if (!OUTCOMES.includes(u.outcome)) p.push(`units[${i}].outcome must be one of ${OUTCOMES.join(', ')}`);
  });
  if (!Array.isArray(r.photos) || r.photos.length > LIMITS.photos) p.push(`photos: at most ${LIMITS.photos}`);
  else r.photos.forEach((ph, i) => {
    if (!/^[0-9a-f]{64}$/.test(ph.sha256 || '')) p.push(`photos[${i}].sha256 must be 64 hex digits`);
    if (!PHOTO_TYPES.includes(ph.type)) p.push(`photos[${i}].type must be one of ${PHOTO_TYPES.join(', ')}`);
    if (!Number.isSafeInteger(ph.bytes) || ph.bytes < 1) p.push(`photos[${i}].bytes must be a positive integer`);
  });
  if (!Array.isArray(r.seizures) || r.seizures.length > LIMITS.seizures) p.push(`seizures: at most ${LIMITS.seizures}`);
  else r.seizures.forEach((s, i) => {
    if (!Number.isSafeInteger(s.quantity) || s.quantity < 1 || s.quantity > LIMITS.quantity) p.push(`seizures[${i}].quantity must be 1-${LIMITS.quantity}`);
    if (!str(s.reason, 1, LIMITS.reason)) p.push(`seizures[${i}].reason must be 1-${LIMITS.reason} characters`);
    if (!str(s.heldAt, 1, LIMITS.heldAt)) p.push(`seizures[${i}].heldAt must be 1-${LIMITS.heldAt} characters`);
  });
  if (!str(r.notes, 0, LIMITS.notes)) p.push(`notes must be at most ${LIMITS.notes} characters`);
  if (p.length === 0 && UTF8.encode(JSON.stringify(r)).length > LIMITS.recordBytes) p.push(`the record is over ${LIMITS.recordBytes} bytes`);
  return p;
}

/** The record's text: the exact bytes sent and signed. */
export function recordText(record) {
  return JSON.stringify(record);
}

/** Signature input: ASCII "MARKAUTH-INSPECTION-v1" (22 bytes) ‖ the record's UTF-8 bytes. */
export function signatureInput(text) {
  const ctx = UTF8.encode(SIGNATURE_CONTEXT);
  const body = UTF8.encode(text);
  const out = new Uint8Array(ctx.length + body.length);
  out.set(ctx, 0);
  out.set(body, ctx.length);
  return out;
}
