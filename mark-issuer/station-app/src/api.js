// The station routes of the issuer (docs/api-issuer.md, "Line station"), called with the station
// key as a bearer token. Errors are sorted for the outbox (outbox.js): no answer, a 5xx, 408 or 429
// is Unreachable (try again later), 401/403 is Denied (the key is gone), another 4xx is Refused.
import { Denied, Refused, Unreachable } from './outbox.js';

let key = null;
let lang = 'zh-CN';

export function setKey(k) {
  key = k;
}

export function setLang(l) {
  lang = l;
}

function transient(status) {
  return status >= 500 || status === 408 || status === 429;
}

async function call(method, path, json, f = globalThis.fetch) {
  const headers = { Accept: 'application/json', 'Accept-Language': lang === 'en' ? 'en' : 'zh-CN', Authorization: 'Bearer ' + key };
  let body;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  }
  let res;
  try {
    res = await f(path, { method, headers, body, credentials: 'omit', cache: 'no-store' });
  } catch (e) {
    throw new Unreachable(String(e && e.message ? e.message : e));
  }
  let j = null;
  try {
    j = await res.json();
  } catch {
    // not JSON: a proxy's error page, say
  }
  if (res.ok) return j;
  const why = (j && j.message) || `HTTP ${res.status}`;
  if (transient(res.status)) throw new Unreachable(why);
  if (res.status === 401 || res.status === 403) throw new Denied(res.status, why);
  throw new Refused(res.status, why);
}

export const session = () => call('GET', '/api/v1/station/session');

/** The transport the outbox drains through. */
export const transport = {
  scans: async (bodies) => (await call('POST', '/api/v1/station/scans', { scans: bodies })).results,
  pack: (body) => call('POST', '/api/v1/station/packs', body),
};
