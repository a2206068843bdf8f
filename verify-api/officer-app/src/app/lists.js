// The signed lists that let the phone check marks without a signal: the trust list (which keys
// sign marks) and the status list (recalled, voided, blocked units). Both are verified by the
// offline module against the roots pinned in /officer/config.json before they are kept, kept as the
// raw bytes the server signed (so they are verified again at every start, never trusted as parsed
// JSON), and refreshed whenever the phone is online. A status list is only accepted over the one
// held if it is newer (the module refuses a rollback).
import { loadTrustList, loadStatusList, verifyOffline } from '../verify/index.js';
import * as store from './store.js';
import * as api from './api.js';

export const offlineModule = { loadTrustList, loadStatusList, verifyOffline };

/** What the phone can check with now: {config, trustList, statusList, trustFetchedAt, statusFetchedAt, error}. */
export const lists = { config: null, trustList: null, statusList: null, trustFetchedAt: null, statusFetchedAt: null, error: null };

function roots() {
  return lists.config ? lists.config.roots : [];
}

/** Loads the lists kept on the phone (at start, online or not). */
export async function loadStored(now = new Date()) {
  lists.config = (await store.get('config')) || null;
  const t = await store.get('trustList');
  const s = await store.get('statusList');
  lists.error = null;
  try {
    if (lists.config && t) {
      lists.trustList = loadTrustList(t.bytes, roots(), now, null);
      lists.trustFetchedAt = t.fetchedAt;
    }
    if (lists.config && s) {
      lists.statusList = loadStatusList(s.bytes, roots(), now, null);
      lists.statusFetchedAt = s.fetchedAt;
    }
  } catch (e) {
    lists.error = e.message || String(e);
  }
  return lists;
}

/** Fetches, verifies and keeps fresh lists; a list that does not verify is refused and the one held stays. */
export async function refresh(now = new Date()) {
  const config = await api.config();
  const tBytes = await api.listBytes(config.trustList || '/api/v1/trust-list');
  const trustList = loadTrustList(tBytes, config.roots, now, lists.trustList);
  lists.config = config;
  await store.put('config', config);
  lists.trustList = trustList;
  lists.trustFetchedAt = now.getTime();
  await store.put('trustList', { bytes: tBytes, fetchedAt: lists.trustFetchedAt });
  const sBytes = await api.listBytes(config.statusList || '/api/v1/status-list');
  const statusList = loadStatusList(sBytes, config.roots, now, lists.statusList);
  lists.statusList = statusList;
  lists.statusFetchedAt = now.getTime();
  await store.put('statusList', { bytes: sBytes, fetchedAt: lists.statusFetchedAt });
  lists.error = null;
  return lists;
}

/** The offline verdict of a scanned text with the lists held; null when the phone holds no trust list. */
export function checkOffline(code, now = new Date()) {
  if (!lists.trustList) return null;
  return verifyOffline(code, { trustList: lists.trustList, statusList: lists.statusList, now });
}

/** Whether the status list's nextUpdate has passed (the module's own rule when it offers one). */
export function stale(now = new Date()) {
  const s = lists.statusList;
  if (!s) return false;
  if (typeof s.stale === 'function') return s.stale(now);
  return s.nextUpdate instanceof Date && s.nextUpdate.getTime() < now.getTime();
}
