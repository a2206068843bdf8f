// What the phone keeps, in one IndexedDB database (docs/officer-app.md lists it for the officer):
//   kv      'device'  {deviceId, officer, label, keyPair}  the CryptoKeyPair itself: structured-clonable,
//                                                          its private half non-extractable, so even this
//                                                          database never holds the key's bytes
//           'session' {officer, expiresAt, csrf}           the last session (the cookie is the browser's)
//           'config'  /officer/config.json                 the pinned roots
//           'trustList' / 'statusList' {bytes, fetchedAt}  the signed lists exactly as served
//           'draft'   the inspection in progress           survives a reload or a flat battery
//           'lang'    'zh-CN' | 'en'
//   outbox  signed records with their photos, keyed by record id, until the server has them
import { openDB } from 'idb';

const NAME = 'markauth-officer';

let dbp = null;

function db() {
  if (!dbp) {
    dbp = openDB(NAME, 1, {
      upgrade(d) {
        d.createObjectStore('kv');
        d.createObjectStore('outbox', { keyPath: 'id' });
      },
    });
  }
  return dbp;
}

export async function get(key) {
  return (await db()).get('kv', key);
}

export async function put(key, value) {
  return (await db()).put('kv', value, key);
}

export async function del(key) {
  return (await db()).delete('kv', key);
}

export async function outbox() {
  return (await db()).getAll('outbox');
}

export async function saveOutboxItem(item) {
  return (await db()).put('outbox', item);
}

/** Adds a newly signed record; an id already queued is refused (ids are fixed at signing and never reused). */
export async function addToOutbox(item) {
  return (await db()).add('outbox', item);
}
