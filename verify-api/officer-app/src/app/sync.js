// Sending the outbox: for each signed record, every photo first (PUT by its hash), then the record.
// Idempotent by construction: the record's id and bytes were fixed when it was signed, photos are
// named by their hash, and the server answers the same id with the same bytes with 200 and the same
// receipt. So a record whose answer was lost in a tunnel is simply sent again. No conflict can arise:
// nothing the phone holds is ever edited after signing.
//
// Pure of the browser: fetch, the clock and the CSRF token are passed in (test/app/sync.test.js).

export const BACKOFF_FIRST_MS = 5000;
export const BACKOFF_MAX_MS = 10 * 60 * 1000;

/** Wait before the {@code attempts}-th retry: 5 s, 10 s, 20 s … at most 10 min. */
export function backoff(attempts) {
  return Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** Math.max(0, attempts - 1));
}

/** Whether an item is due to be sent at {@code now}. */
export function due(item, now) {
  return item.state === 'pending' && (item.nextAttemptAt || 0) <= now;
}

/** An answer worth trying again later: the server or the way to it is in trouble, not the record. */
function transient(status) {
  return status >= 500 || status === 408 || status === 429;
}

async function sentence(res) {
  try {
    const j = await res.json();
    return j.message ? (j.error ? `${j.message} (${j.error})` : j.message) : `HTTP ${res.status}`;
  } catch {
    return `HTTP ${res.status}`;
  }
}

/**
 * Sends one outbox item; returns the item as it should be stored after the attempt:
 * state 'sent' with the server's id and recordSha256; 'refused' with the server's sentence (a 4xx
 * other than 401: the record will never be accepted as it is); still 'pending' with a later
 * nextAttemptAt after a network error or a 5xx; still 'pending' with {@code needSignIn} after a 401.
 */
export async function sendItem(item, { fetch, csrf, now = Date.now(), base = '' }) {
  const headers = (type) => {
    const h = { 'X-CSRF-Token': csrf || '' };
    if (type) h['Content-Type'] = type;
    return h;
  };
  const retry = (why) => ({
    ...item, state: 'pending', attempts: (item.attempts || 0) + 1, lastError: why,
    nextAttemptAt: now + backoff((item.attempts || 0) + 1), needSignIn: false,
  });
  const refused = (status, why) => ({ ...item, state: 'refused', status, lastError: why, needSignIn: false });
  const signIn = (why) => ({ ...item, state: 'pending', needSignIn: true, lastError: why });
  try {
    for (const photo of item.photos) {
      const res = await fetch(`${base}/api/v1/officer/photos/${photo.sha256}`, {
        method: 'PUT', credentials: 'same-origin', headers: headers(photo.type), body: photo.data,
      });
      if (res.status === 200 || res.status === 201) continue;
      const why = await sentence(res);
      if (res.status === 401) return signIn(why);
      if (transient(res.status)) return retry(why);
      return refused(res.status, why);
    }
    const res = await fetch(`${base}/api/v1/officer/inspections`, {
      method: 'POST', credentials: 'same-origin', headers: headers('application/json'),
      body: JSON.stringify({ record: item.record, signature: item.signature }),
    });
    if (res.status === 200 || res.status === 201) {
      const j = await res.json();
      return {
        ...item, state: 'sent', serverId: j.id, recordSha256: j.recordSha256, receivedAt: j.receivedAt,
        lastError: null, needSignIn: false,
      };
    }
    const why = await sentence(res);
    if (res.status === 401) return signIn(why);
    if (transient(res.status)) return retry(why);
    return refused(res.status, why);
  } catch (e) {
    return retry(String(e && e.message ? e.message : e));
  }
}

/**
 * Sends every due item of {@code items} in order of signing; {@code save} stores each item after
 * its attempt (so a crash mid-way loses nothing). Stops at the first 401: every other item would
 * get the same. Returns the items as saved.
 */
export async function syncAll(items, { fetch, csrf, now = Date.now(), save, base = '' }) {
  const out = [];
  const ordered = [...items].sort((a, b) => (a.createdAt || 0) - (b.createdAt || 0));
  for (const item of ordered) {
    if (!due(item, now)) {
      out.push(item);
      continue;
    }
    const after = await sendItem(item, { fetch, csrf, now, base });
    // photos are kept until the record is accepted; once sent, the phone needs only the receipt
    const kept = after.state === 'sent' ? { ...after, photos: after.photos.map(({ data, ...meta }) => meta) } : after;
    await save(kept);
    out.push(kept);
    if (kept.needSignIn) break;
  }
  return out;
}

/** Counts by state, for the outbox line. */
export function counts(items) {
  const c = { pending: 0, sent: 0, refused: 0 };
  for (const i of items) c[i.state] = (c[i.state] || 0) + 1;
  return c;
}
