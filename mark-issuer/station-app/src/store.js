// What the station PC keeps, in one IndexedDB database (docs/station.md lists it for the operator):
//   kv      'key'      the station key (until "sign out")
//           'session'  the last GET /api/v1/station/session answer (the line and its batches), so a
//                      reload while the issuer is unreachable keeps working
//           'station'  mode, reject reason, pack level and the open case (engine.js snapshot)
//           'lang'     'zh-CN' | 'en'
//   outbox  scans and packs not yet answered, in the order they were made (key: a running number)
import { openDB } from 'idb';

const NAME = 'markauth-station';

let dbp = null;

function db() {
  if (!dbp) {
    dbp = openDB(NAME, 1, {
      upgrade(d) {
        d.createObjectStore('kv');
        const o = d.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
        o.createIndex('id', 'id', { unique: true });
      },
    });
  }
  return dbp;
}

export async function get(k) {
  return (await db()).get('kv', k);
}

export async function put(k, v) {
  return (await db()).put('kv', v, k);
}

export async function del(k) {
  return (await db()).delete('kv', k);
}

/** The outbox with the contract of outbox.js: items in the order they were added. */
export const outbox = {
  async add(item) {
    return (await db()).add('outbox', item);
  },
  async all() {
    return (await db()).getAll('outbox');
  },
  async count() {
    return (await db()).count('outbox');
  },
  async removeAll(ids) {
    const d = await db();
    const tx = d.transaction('outbox', 'readwrite');
    const index = tx.store.index('id');
    await Promise.all(ids.map(async (id) => {
      const seq = await index.getKey(id);
      if (seq !== undefined) await tx.store.delete(seq);
    }));
    await tx.done;
  },
  async clear() {
    return (await db()).clear('outbox');
  },
};
