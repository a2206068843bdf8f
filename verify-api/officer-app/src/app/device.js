// The phone's device key (officer contract §2, §3): ECDSA P-256 made by WebCrypto with
// extractable=false, so no script — not even this app — can read the private key; only its public
// SPKI leaves the phone, to be registered against the officer. The CryptoKeyPair object is kept in
// IndexedDB (structured clone keeps the non-extractable key usable across reloads).
import * as store from './store.js';
import * as api from './api.js';
import { base64url, deviceIdOf, signatureInput } from './record.js';

const ALG = { name: 'ECDSA', namedCurve: 'P-256' };

/** The registered device of {@code officer}, registering a new key when this phone has none for them. */
export async function ensureDevice(officer) {
  const held = await store.get('device');
  if (held && held.officer === officer && held.deviceId) {
    // registering the same key again answers 200 with the same row: cheap proof it is still known
    return held;
  }
  const keyPair = await crypto.subtle.generateKey(ALG, false /* non-extractable */, ['sign']);
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', keyPair.publicKey));
  const expected = deviceIdOf(new Uint8Array(await crypto.subtle.digest('SHA-256', spki)));
  const label = deviceLabel();
  const r = await api.registerDevice(base64url(spki), label);
  if (r.deviceId !== expected) {
    throw new Error(`the server named this key ${r.deviceId}, expected ${expected}`);
  }
  const device = { deviceId: r.deviceId, officer, label, registeredAt: r.registeredAt, keyPair, publicKey: base64url(spki) };
  await store.put('device', device);
  return device;
}

export async function heldDevice() {
  return store.get('device');
}

/** IEEE P1363 r‖s (64 bytes), as WebCrypto signs, over "MARKAUTH-INSPECTION-v1" ‖ the record text. */
export async function signRecord(device, text) {
  const sig = await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, device.keyPair.privateKey, signatureInput(text));
  return new Uint8Array(sig);
}

function deviceLabel() {
  const ua = navigator.userAgent || '';
  const what = /Android[^;)]*/.exec(ua)?.[0] || /iPhone|iPad/.exec(ua)?.[0] || (navigator.platform || 'browser');
  return `Officer app, ${what}`.slice(0, 80);
}
