// The officer app (docs/officer-app.md): sign in, register the phone's key, keep the signed lists,
// scan (camera, hardware scanner, typing), show the verdict first, record an inspection, sign it on
// the phone and send it when there is a signal. Plain DOM, no framework: the whole app is a few
// kilobytes and starts fast on a cheap phone. Everything the server sends or a code contains is put
// on the page as text (textContent), never as HTML.
import './app.css';
import { translator, ago, initialLang, CATEGORY } from './messages.js';
import * as api from './api.js';
import * as store from './store.js';
import * as device from './device.js';
import { lists, loadStored, refresh, checkOffline, stale, offlineModule } from './lists.js';
import { startCamera, stopCamera, cameraOn } from './camera.js';
import { preparePhoto } from './photos.js';
import { buildRecord, recordText, uuidV4, base64url, defaultOutcome, geohash, OUTCOMES } from './record.js';
import { syncAll, counts } from './sync.js';
import { createWorklist } from './worklist.js';

// the offline verifier, for the browser tests and for anyone checking the phone's verdicts by hand
window.markauthOffline = offlineModule;

const $ = (id) => document.getElementById(id);
const state = { lang: 'zh-CN', session: null, device: null, draft: null, last: null, container: null, syncing: false, outbox: [] };
let t = translator('zh-CN');
let worklist = null;

/** An element: h('p', {class: 'x'}, 'text', child…); strings become text nodes. */
function h(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function online() {
  return navigator.onLine !== false;
}

// ---- language ----

async function setLang(lang) {
  state.lang = lang;
  t = translator(lang);
  api.setLang(lang);
  document.documentElement.lang = lang;
  document.title = `${t('appTitle')} · markauth`;
  for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
  for (const e of document.querySelectorAll('[data-i18n-label]')) e.setAttribute('aria-label', t(e.dataset.i18nLabel));
  await store.put('lang', lang);
  renderAll();
}

function renderAll() {
  renderNet();
  renderWho();
  renderLists();
  renderResult();
  renderInspection();
  renderOutbox();
  if (worklist) worklist.render();
}

function renderNet() {
  const n = $('net');
  n.textContent = online() ? t('online') : t('offline');
  n.className = online() ? 'badge' : 'badge off';
  document.body.dataset.online = String(online());
}

// ---- session and device ----

function renderWho() {
  const signedIn = !!state.session;
  $('signin').hidden = signedIn;
  $('who').hidden = !signedIn && !state.device;
  document.body.dataset.session = signedIn ? 'in' : 'out';
  $('who-line').textContent = state.session ? t('signedInAs', { officer: state.session.officer })
    : state.device ? t('signedInAs', { officer: state.device.officer }) + ' (' + t('offline') + ')' : '';
  $('device-line').textContent = state.device ? t('deviceRegistered', { id: state.device.deviceId }) : '';
  $('signout').hidden = !signedIn;
  if (!signedIn && !online()) $('signin-msg').textContent = t('signInOfflineNote');
}

async function useSession(s) {
  state.session = s;
  api.setCsrf(s.csrf);
  await store.put('session', { officer: s.officer, expiresAt: s.expiresAt });
  try {
    state.device = await device.ensureDevice(s.officer);
    document.body.dataset.device = state.device.deviceId;
  } catch (e) {
    $('signin-msg').textContent = t('deviceFailed', { why: e.message });
  }
  renderWho();
  if (worklist) worklist.load();
}

/** The id of the newest inspection record of the signed-in officer (the work list links it to an outcome). */
function lastInspection() {
  const officer = state.session && state.session.officer;
  const mine = state.outbox.filter((i) => i.officer === officer).sort((a, b) => b.createdAt - a.createdAt);
  return mine.length ? mine[0].id : null;
}

async function onSignIn(ev) {
  ev.preventDefault();
  const credential = $('credential').value.trim();
  const msg = $('signin-msg');
  if (!credential) {
    msg.textContent = t('signInFailed', { why: t('credential') });
    $('credential').focus();
    return;
  }
  msg.textContent = t('signingIn');
  $('signin-btn').disabled = true;
  try {
    const s = await api.signIn(credential);
    $('credential').value = '';
    msg.textContent = '';
    await useSession(s);
    await refreshLists();
    await sync();
    $('code').focus();
  } catch (e) {
    msg.textContent = t('signInFailed', { why: e.message });
  } finally {
    $('signin-btn').disabled = false;
  }
}

async function onSignOut() {
  try {
    await api.signOut();
  } catch {
    // the session ends on the server by itself within 12 h
  }
  state.session = null;
  api.setCsrf(null);
  await store.del('session');
  renderWho();
}

/** Whether the server's answer means the session is over: then the sign-in form comes back. */
function sessionLost(e) {
  if (e instanceof api.ApiFailure && e.status === 401) {
    state.session = null;
    api.setCsrf(null);
    renderWho();
    return true;
  }
  return false;
}

// ---- lists ----

function renderLists() {
  const p = $('lists-age');
  const now = Date.now();
  p.replaceChildren();
  const sec = $('lists');
  if (lists.error) p.append(h('span', { class: 'stale' }, t('listsError', { why: lists.error })), ' ');
  if (!lists.trustList) {
    p.append(t('listsNone'));
    sec.dataset.status = 'none';
    return;
  }
  const s = lists.statusList;
  const issued = s && s.issuedAt ? s.issuedAt.getTime() : lists.statusFetchedAt;
  p.append(t('listsAge', {
    seq: s ? s.sequence : '–',
    age: issued ? ago(state.lang, now - issued) : '–',
    trustAge: lists.trustFetchedAt ? ago(state.lang, now - lists.trustFetchedAt) : '–',
  }));
  const isStale = stale(new Date(now));
  if (isStale) p.append(h('br'), h('span', { class: 'stale' }, t('listsStale', { next: s.nextUpdate.toLocaleString(state.lang) })));
  sec.dataset.status = isStale ? 'stale' : 'fresh';
  sec.dataset.sequence = s ? String(s.sequence) : '';
}

function listsAgeText() {
  const s = lists.statusList;
  const at = s && s.issuedAt ? s.issuedAt.getTime() : lists.trustFetchedAt;
  return at ? ago(state.lang, Date.now() - at) : '–';
}

async function refreshLists() {
  if (!online()) return;
  try {
    await refresh(new Date());
  } catch (e) {
    lists.error = e.message || String(e);
  }
  renderLists();
  document.body.dataset.lists = lists.trustList ? 'loaded' : 'none';
}

// ---- scanning ----

async function check(code) {
  code = code.trim();
  if (!code) return;
  const result = $('result');
  result.replaceChildren(h('p', { role: 'status' }, t('checking')));
  const now = new Date();
  let r = null;
  if (online()) {
    try {
      const rec = await api.officerRecord(code);
      const v = rec.verdict || {};
      r = {
        code, source: 'ONLINE', verdict: v.code, category: v.category || CATEGORY[v.code], message: v.message, record: rec,
        batchId: v.mark ? v.mark.batchId : null, serial: v.mark ? v.mark.serial : null, statusSequence: null, checkedAt: now,
      };
    } catch (e) {
      // no answer (no signal, a dead session, a server in trouble): the phone answers from its lists
      sessionLost(e);
    }
  }
  if (!r) {
    const off = checkOffline(code, now);
    if (!off) {
      state.last = { code, none: true };
      renderResult();
      return;
    }
    r = {
      code, source: 'OFFLINE', verdict: off.verdict, category: CATEGORY[off.verdict], reason: off.reason,
      batchId: off.batchId ?? null, serial: off.serial ?? null, statusSequence: off.statusSequence ?? null, checkedAt: now,
    };
  }
  state.last = r;
  tickContained(r);
  if (r.record && r.record.contents && r.record.contents.items && r.record.contents.items.length) {
    state.container = { code, items: r.record.contents.items, ticked: new Set() };
  }
  if (state.draft) {
    state.draft.units.push({
      code: code.slice(0, 512), verdict: r.verdict, source: r.source, checkedAt: now.getTime(),
      statusSequence: r.statusSequence, batchId: r.batchId, serial: r.serial, outcome: defaultOutcome(r.category),
    });
    await saveDraft();
  }
  renderResult();
  renderInspection();
  // the verdict first: wherever the officer had scrolled to, the answer comes into view
  $('result').scrollIntoView({ block: 'start' });
}

/** A unit scanned while a case's contents are listed is ticked off that list. */
function tickContained(r) {
  const c = state.container;
  if (!c || r.batchId == null || !r.serial) return;
  const i = c.items.findIndex((x) => x.batchId === r.batchId && x.serial === r.serial);
  if (i >= 0) c.ticked.add(i);
}

function field(dl, label, value) {
  if (value === null || value === undefined || value === '') return;
  dl.append(h('dt', {}, label), h('dd', {}, String(value)));
}

function renderResult() {
  const box = $('result');
  const r = state.last;
  box.replaceChildren();
  if (!r) return;
  if (r.none) {
    box.append(h('div', { id: 'verdict', class: 'verdict cat-INVALID', 'data-code': '', 'data-source': 'NONE' },
      h('p', {}, t('sourceOfflineNoLists'))));
    return;
  }
  const [title, sentence] = (t(`verdicts.${r.verdict}.0`) !== `verdicts.${r.verdict}.0`)
    ? [t(`verdicts.${r.verdict}.0`), t(`verdicts.${r.verdict}.1`)] : [r.verdict || t('unknownVerdict'), ''];
  box.append(h('div', {
    id: 'verdict', class: `verdict cat-${r.category || 'INVALID'}`, 'data-code': r.verdict, 'data-source': r.source,
    tabindex: '-1',
  },
  h('h2', {}, title),
  h('p', {}, r.source === 'ONLINE' && r.message ? r.message : sentence),
  h('p', { id: 'verdict-source', class: 'source' }, r.source === 'ONLINE' ? t('sourceOnline') : t('sourceOffline', { age: listsAgeText() })),
  r.source === 'OFFLINE' && r.reason ? h('p', {}, `${t('verdictReason')}: ${r.reason}`) : null,
  h('p', { class: 'code' }, r.code)));
  if (r.record) renderRecord(box, r.record);
  renderContainer(box);
}

function renderRecord(box, rec) {
  const v = rec.verdict || {};
  if (v.notes && v.notes.length) box.append(h('ul', {}, v.notes.map((n) => h('li', {}, n))));
  const dl = h('dl');
  if (rec.unit) {
    field(dl, t('unit'), `${rec.unit.batchId}/${rec.unit.serial}` + (rec.unit.state ? ` · ${rec.unit.state}` : ''));
  }
  if (rec.product) {
    field(dl, t('product'), [rec.product.name, rec.product.model].filter(Boolean).join(' · '));
    const l = rec.product.licence;
    if (l) field(dl, t('licence'), [l.number, l.status, l.statusSince && l.statusSince.slice(0, 10), l.reason].filter(Boolean).join(' · '));
  }
  if (rec.licensee) field(dl, t('licensee'), rec.licensee.name + (rec.licensee.blacklisted ? ` · ${t('blacklisted')}` : ''));
  if (rec.batch) {
    field(dl, t('batch'), [rec.batch.lot, rec.batch.state, rec.batch.productionDate, rec.batch.recallReason].filter(Boolean).join(' · '));
  }
  if (rec.container) field(dl, t('container'), `${rec.container.batchId}/${rec.container.serial} · ${rec.container.state || ''}`);
  if (dl.childElementCount) box.append(dl);
  const list = (title, items, line) => {
    if (!items || !items.length) return;
    box.append(h('h3', {}, title), h('ul', {}, items.slice(0, 20).map((x) => h('li', {}, line(x)))));
  };
  list(t('alerts'), rec.alerts, (a) => `${(a.at || '').slice(0, 16)} ${a.rule} — ${a.summary || ''}`);
  list(t('licenceHistory'), rec.licenceHistory, (x) => `${(x.at || '').slice(0, 10)} ${x.from || ''} → ${x.to || ''} ${x.reason || ''}`);
  list(t('scans'), rec.scans, (s) => `${(s.at || '').slice(0, 16)} ${s.region || ''} ${s.verdict || ''} ${s.channel || ''}`);
  list(t('inspectionTitle'), rec.inspections, (i) => `${(i.at || '').slice(0, 16)} ${i.officer || ''} ${i.result || ''} ${i.place || ''}`);
}

function renderContainer(box) {
  const c = state.container;
  if (!c) return;
  const fs = h('fieldset', { class: 'ticks', id: 'contents' },
    h('legend', {}, t('contents', { count: c.items.length }) + ' · ' + t('tickOff', { done: c.ticked.size, total: c.items.length })));
  c.items.forEach((item, i) => {
    const id = `tick-${i}`;
    fs.append(h('label', { for: id },
      h('input', {
        type: 'checkbox', id, checked: c.ticked.has(i), 'data-serial': item.serial,
        onchange: (e) => { if (e.target.checked) c.ticked.add(i); else c.ticked.delete(i); renderResult(); },
      }),
      `${item.batchId}/${item.serial}${item.state ? ' · ' + item.state : ''}`));
  });
  box.append(fs);
}

async function onCamera() {
  const video = $('video');
  const boxEl = $('camera-box');
  if (cameraOn()) {
    stopCamera(video);
    boxEl.hidden = true;
    $('camera').textContent = t('camera');
    return;
  }
  boxEl.hidden = false;
  $('camera-msg').textContent = t('cameraLooking');
  $('camera').textContent = t('stopCamera');
  try {
    await startCamera(video, (code) => {
      boxEl.hidden = true;
      $('camera').textContent = t('camera');
      $('code').value = code;
      check(code);
    });
  } catch (e) {
    $('camera-msg').textContent = t('cameraError', { why: e.message || e.name });
    $('camera').textContent = t('camera');
  }
}

// ---- the inspection in progress ----

async function saveDraft() {
  if (state.draft) await store.put('draft', state.draft);
  else await store.del('draft');
}

async function startInspection() {
  state.draft = { startedAt: Date.now(), units: [], photos: [], seizures: [], notes: '', place: { geohash: '', label: '' } };
  await saveDraft();
  renderInspection();
  $('code').focus();
}

function renderInspection() {
  const body = $('insp-body');
  body.replaceChildren();
  const d = state.draft;
  $('inspection').dataset.open = String(!!d);
  if (!d) {
    body.append(h('button', { type: 'button', id: 'start', class: 'primary wide', onclick: startInspection }, t('startInspection')));
    return;
  }
  body.append(h('p', {}, t('inspectionOpen', { at: new Date(d.startedAt).toLocaleTimeString(state.lang) })));
  // units
  body.append(h('h3', {}, t('unitsChecked', { n: d.units.length })));
  const ul = h('ul', { class: 'units', id: 'units' });
  d.units.forEach((u, i) => {
    const sel = h('select', {
      id: `outcome-${i}`, onchange: async (e) => { u.outcome = e.target.value; await saveDraft(); },
    }, OUTCOMES.map((o) => h('option', { value: o, selected: u.outcome === o }, t(`outcomes.${o}`))));
    ul.append(h('li', { 'data-verdict': u.verdict, 'data-source': u.source },
      h('span', {}, `${t(`verdicts.${u.verdict}.0`)} · ${u.source === 'ONLINE' ? t('online') : t('offline')} · `),
      h('span', { class: 'code' }, u.serial ? `${u.batchId}/${u.serial}` : u.code.slice(0, 40)),
      h('label', { for: `outcome-${i}` }, t('outcome')), sel,
      h('button', { type: 'button', class: 'small', onclick: async () => { d.units.splice(i, 1); await saveDraft(); renderInspection(); } },
        t('remove'))));
  });
  body.append(ul);
  // photos
  body.append(h('h3', {}, t('photos', { n: d.photos.length })));
  body.append(h('label', { for: 'photo' }, t('addPhoto')),
    h('input', { type: 'file', id: 'photo', accept: 'image/*', capture: 'environment', onchange: onPhoto }),
    h('p', { id: 'photo-msg', class: 'hint', role: 'status' }),
    h('ul', { id: 'photo-list' }, d.photos.map((p, i) => h('li', { 'data-sha256': p.sha256 },
      h('span', { class: 'code' }, `${p.sha256.slice(0, 16)}… · ${Math.round(p.bytes / 1024)} KB `),
      h('button', { type: 'button', class: 'small', onclick: async () => { d.photos.splice(i, 1); await saveDraft(); renderInspection(); } },
        t('remove'))))));
  // seizures
  body.append(h('h3', {}, t('seizures')),
    h('ul', { id: 'seizure-list' }, d.seizures.map((s) => h('li', {}, `${s.quantity} × ${s.reason} → ${s.heldAt}`))),
    h('label', { for: 'sz-qty' }, t('quantity')), h('input', { id: 'sz-qty', type: 'number', min: '1', max: '1000000', inputmode: 'numeric' }),
    h('label', { for: 'sz-reason' }, t('reason')), h('input', { id: 'sz-reason', type: 'text', maxlength: '500' }),
    h('label', { for: 'sz-held' }, t('heldAt')), h('input', { id: 'sz-held', type: 'text', maxlength: '200' }),
    h('button', { type: 'button', id: 'sz-add', class: 'small', onclick: addSeizure }, t('addSeizure')));
  // notes and place
  body.append(
    h('label', { for: 'notes' }, t('notes')),
    h('textarea', { id: 'notes', maxlength: '4000', oninput: async (e) => { d.notes = e.target.value; await saveDraft(); } }),
    h('h3', {}, t('place')),
    h('label', { for: 'place-label' }, t('placeLabel')),
    h('input', { id: 'place-label', type: 'text', maxlength: '200', oninput: async (e) => { d.place.label = e.target.value; await saveDraft(); } }),
    h('button', { type: 'button', id: 'locate', class: 'small', onclick: locate }, t('useLocation')),
    h('p', { id: 'place-msg', class: 'hint', role: 'status' }, d.place.geohash ? t('locationGot', { geohash: d.place.geohash }) : ''),
    h('p', { id: 'finish-msg', class: 'msg', role: 'alert' }),
    h('div', { class: 'actions' },
      h('button', { type: 'button', id: 'finish', class: 'primary', onclick: finish }, t('finish')),
      h('button', { type: 'button', id: 'discard', class: 'small', onclick: discard }, t('cancelInspection'))));
  $('notes').value = d.notes;
  $('place-label').value = d.place.label;
}

async function onPhoto(e) {
  const file = e.target.files && e.target.files[0];
  if (!file || !state.draft) return;
  const msg = $('photo-msg');
  try {
    const max = (lists.config && lists.config.maxPhotoBytes) || 5 * 1024 * 1024;
    const p = await preparePhoto(file, max);
    if (!state.draft.photos.some((x) => x.sha256 === p.sha256)) {
      state.draft.photos.push({ sha256: p.sha256, type: p.type, bytes: p.bytes, data: p.data });
    }
    await saveDraft();
    renderInspection();
    $('photo-msg').textContent = t('photoAdded');
  } catch (err) {
    msg.textContent = err.bytes ? t('photoTooBig', { bytes: err.bytes, max: lists.config?.maxPhotoBytes }) : err.message;
  }
}

async function addSeizure() {
  const q = Number($('sz-qty').value);
  const reason = $('sz-reason').value.trim();
  const heldAt = $('sz-held').value.trim();
  if (!Number.isInteger(q) || q < 1 || q > 1000000) { $('sz-qty').focus(); return; }
  if (!reason) { $('sz-reason').focus(); return; }
  if (!heldAt) { $('sz-held').focus(); return; }
  state.draft.seizures.push({ quantity: q, reason, heldAt });
  await saveDraft();
  renderInspection();
}

function locate() {
  const msg = $('place-msg');
  if (!navigator.geolocation) { msg.textContent = t('locationFailed', { why: 'geolocation' }); return; }
  navigator.geolocation.getCurrentPosition(async (pos) => {
    state.draft.place.geohash = geohash(pos.coords.latitude, pos.coords.longitude, 5);
    await saveDraft();
    msg.textContent = t('locationGot', { geohash: state.draft.place.geohash });
  }, (err) => { msg.textContent = t('locationFailed', { why: err.message }); }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 600000 });
}

async function discard() {
  if (!confirm(t('confirmCancel'))) return;
  state.draft = null;
  await saveDraft();
  renderInspection();
}

async function finish() {
  const msg = $('finish-msg');
  const dev = state.device || (await device.heldDevice());
  if (!dev) { msg.textContent = t('needDevice'); return; }
  try {
    const id = uuidV4(crypto.getRandomValues(new Uint8Array(16)));
    const record = buildRecord(state.draft, { id, device: dev.deviceId, officer: dev.officer, endedAt: Date.now() });
    const text = recordText(record);
    const signature = base64url(await device.signRecord(dev, text));
    await store.addToOutbox({
      id, record: text, signature, officer: dev.officer, state: 'pending', attempts: 0, nextAttemptAt: 0, createdAt: Date.now(),
      units: record.units.length, photos: state.draft.photos.map((p) => ({ sha256: p.sha256, type: p.type, data: p.data })),
    });
    state.draft = null;
    await saveDraft();
    renderInspection();
    $('insp-body').prepend(h('p', { id: 'finished', role: 'status', 'data-id': id }, t('finished', { id })));
    await renderOutbox();
    sync();
  } catch (e) {
    msg.textContent = t('finishFailed', { why: e.message });
  }
}

// ---- outbox ----

async function renderOutbox() {
  state.outbox = await store.outbox();
  const c = counts(state.outbox);
  const p = $('outbox-count');
  p.textContent = t('outboxCount', c);
  p.dataset.pending = String(c.pending);
  p.dataset.sent = String(c.sent);
  p.dataset.refused = String(c.refused);
  const ul = $('outbox-list');
  ul.replaceChildren(...[...state.outbox].sort((a, b) => b.createdAt - a.createdAt).slice(0, 30).map((i) => h('li', {
    'data-id': i.id, 'data-state': i.state,
  },
  h('span', { class: 'code' }, i.id.slice(0, 8)), ` · ${new Date(i.createdAt).toLocaleString(state.lang)} · ${i.units} · `,
  h('strong', {}, t(`states.${i.state}`)),
  i.state === 'pending' && i.needSignIn ? h('div', { class: 'msg' }, t('needSignIn')) : null,
  i.state === 'pending' && i.attempts && !i.needSignIn ? h('div', { class: 'hint' },
    t('retryAt', { at: new Date(i.nextAttemptAt).toLocaleTimeString(state.lang) })) : null,
  i.state === 'refused' ? h('div', { class: 'msg' }, t('serverSaid', { why: i.lastError })) : null,
  i.state === 'sent' && i.recordSha256 ? h('div', { class: 'hint code' }, `SHA-256 ${i.recordSha256}`) : null)));
}

async function sync(force = false) {
  if (state.syncing || !online() || !state.session) return;
  state.syncing = true;
  try {
    // a record goes with its own officer's session: another officer's device would be refused (403) for good
    let items = (await store.outbox()).filter((i) => i.officer === state.session.officer);
    if (force) items = items.map((i) => (i.state === 'pending' ? { ...i, nextAttemptAt: 0 } : i));
    const after = await syncAll(items, { fetch: (u, o) => fetch(u, o), csrf: api.csrfToken(), now: Date.now(), save: store.saveOutboxItem });
    if (after.some((i) => i.needSignIn)) {
      state.session = null;
      api.setCsrf(null);
      renderWho();
    }
  } finally {
    state.syncing = false;
  }
  await renderOutbox();
}

// ---- start ----

async function resumeSession() {
  if (!online()) return;
  try {
    await useSession(await api.currentSession());
  } catch (e) {
    if (!sessionLost(e)) $('signin-msg').textContent = e.message;
  }
}

async function onOnline() {
  renderNet();
  renderWho();
  if (!state.session) await resumeSession();
  await refreshLists();
  await sync();
  worklist.load();
}

async function start() {
  const lang = initialLang(await store.get('lang'));
  state.device = (await device.heldDevice()) || null;
  state.draft = (await store.get('draft')) || null;
  await loadStored(new Date());
  const wl = h('section', { id: 'worklist', 'aria-labelledby': 'worklist-h' },
    h('h2', { id: 'worklist-h', 'data-i18n': 'worklistTitle' }, t('worklistTitle')));
  $('outbox').before(wl);
  worklist = createWorklist(wl, { h, t: () => t, online, officer: () => state.session && state.session.officer,
    lastInspection, lang: () => state.lang });
  await setLang(lang);
  $('lang').addEventListener('click', () => setLang(state.lang === 'en' ? 'zh-CN' : 'en'));
  $('signin-form').addEventListener('submit', onSignIn);
  $('signout').addEventListener('click', onSignOut);
  $('refresh').addEventListener('click', refreshLists);
  $('sync').addEventListener('click', () => sync(true));
  $('camera').addEventListener('click', onCamera);
  // a hardware scanner types the code and Enter into the focused input: the form's submit
  $('scanbar').addEventListener('submit', (e) => {
    e.preventDefault();
    const code = $('code').value;
    $('code').value = '';
    check(code).then(() => $('code').focus());
  });
  let wasOnline = online();
  window.addEventListener('online', () => { wasOnline = true; onOnline(); });
  window.addEventListener('offline', () => { wasOnline = false; renderNet(); renderWho(); worklist.render(); });
  // due retries: the outbox is looked at every 15 s while the app is open; the lists are fetched
  // again once stale or an hour old, so a phone left open all day keeps its recalls current
  setInterval(() => {
    // a missed 'online' event (some browsers drop it while the app sleeps) is caught here
    if (online() && !wasOnline) {
      wasOnline = true;
      onOnline();
      return;
    }
    wasOnline = online();
    sync();
    const old = !lists.trustFetchedAt || Date.now() - lists.trustFetchedAt > 3600 * 1000;
    if (online() && (stale() || old)) refreshLists();
    else renderLists();
  }, 15000);
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('sw.js', { scope: './' }).catch(() => { /* the app works without it, online */ });
  }
  await resumeSession();
  await refreshLists();
  await sync();
  document.body.dataset.ready = 'true';
  if (state.session) $('code').focus();
}

start();
