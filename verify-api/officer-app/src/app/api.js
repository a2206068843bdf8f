// The officer routes of verify-api (officer contract §2), called with the session cookie; every
// state-changing call carries the session's CSRF token. An error answer becomes an ApiFailure
// holding the server's sentence, in the app's language.

export class ApiFailure extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

let csrf = null;
let lang = 'zh-CN';

export function setCsrf(token) {
  csrf = token;
}

export function csrfToken() {
  return csrf;
}

export function setLang(l) {
  lang = l;
}

async function call(method, path, { json, raw } = {}) {
  const headers = { Accept: 'application/json', 'Accept-Language': lang === 'en' ? 'en' : 'zh-CN' };
  let body;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  }
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  const res = await fetch(path, { method, headers, body, credentials: 'same-origin', cache: 'no-store' });
  if (raw) return res;
  if (res.status === 204) return null;
  let j = null;
  try {
    j = await res.json();
  } catch {
    // not JSON: a proxy's page, say
  }
  if (!res.ok) {
    throw new ApiFailure(res.status, j && j.error, (j && j.message) || `HTTP ${res.status}`);
  }
  return j;
}

export const signIn = (credential) => call('POST', '/api/v1/officer/session', { json: { credential, lang } });
export const currentSession = () => call('GET', '/api/v1/officer/session');
export const signOut = () => call('DELETE', '/api/v1/officer/session');
export const registerDevice = (publicKey, label) => call('POST', '/api/v1/officer/devices', { json: { publicKey, label } });
export const officerRecord = (code) => call('GET', '/api/v1/officer/record?code=' + encodeURIComponent(code));
export const config = () => call('GET', '/officer/config.json');
// the work list (worklist.js)
export const worklist = () => call('GET', '/api/v1/officer/worklist');
export const takeAlert = (id) => call('POST', `/api/v1/officer/alerts/${encodeURIComponent(id)}/take`, { json: {} });
export const alertOutcome = (id, body) => call('POST', `/api/v1/officer/alerts/${encodeURIComponent(id)}/outcome`, { json: body });
export const takeReport = (id) => call('POST', `/api/v1/officer/reports/${encodeURIComponent(id)}/take`, { json: {} });
export const reportOutcome = (id, body) => call('POST', `/api/v1/officer/reports/${encodeURIComponent(id)}/outcome`, { json: body });

/** A signed list's bytes as served (the trust list's JSON text, the status list's binary form). */
export async function listBytes(path) {
  const res = await fetch(path, { cache: 'no-store', credentials: 'same-origin' });
  if (!res.ok) throw new ApiFailure(res.status, null, `${path}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}
