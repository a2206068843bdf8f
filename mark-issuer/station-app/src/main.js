// The line station page (docs/station.md): sign-in with the station key, the line and its batches,
// the modes, the always-focused scan field a keyboard-wedge scanner types into, the camera option,
// the big state of each scan, counters, the rate and the last scans, and the outbox that carries
// every scan and pack to the issuer in order, through network losses and reloads.
import './app.css';
import * as api from './api.js';
import * as store from './store.js';
import { Station, Tally, REASONS, look, newId, percentiles } from './engine.js';
import { Sender, Unreachable, drain } from './outbox.js';
import { LANGS, words, fill, outcomeWord } from './messages.js';

const $ = (id) => document.getElementById(id);
const LAST_N = 30;

let lang = 'zh-CN';
let w = words(lang);
let session = null;
let station = new Station();
const tally = new Tally();
const entries = new Map();   // id → the scan as listed (this page's life)
const order = [];            // ids, newest first
let latest = null;           // the id whose state the big box shows
let queued = 0;
let netState = 'online';     // what the last drain found: online | offline | denied
const answerTimes = [];      // ms from Enter to the scan's state shown (docs/station.md)

// for the browser test and the curious: the answer times of this page's scans
window.markauthStation = {
  answerTimes,
  stats: () => percentiles(answerTimes),
  queued: () => queued,
  waiting: () => [...entries.values()].filter((e) => e.outcome === 'PENDING' || e.outcome === 'QUEUED').length,
  pending: () => [...entries.values()].filter((e) => e.outcome === 'PENDING').length,
  counts: () => ({ ...tally.counts }),
};

function t(key, args) {
  const v = key.split('.').reduce((o, k) => (o == null ? o : o[k]), w);
  return v == null ? key : fill(v, args);
}

function applyLang() {
  w = words(lang);
  document.documentElement.lang = lang;
  document.title = t('appTitle') + ' · markauth';
  for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
  for (const e of document.querySelectorAll('[data-i18n-label]')) e.setAttribute('aria-label', t(e.dataset.i18nLabel));
  api.setLang(lang);
  const sel = $('reason');
  sel.textContent = '';
  for (const r of REASONS) {
    const o = document.createElement('option');
    o.value = r;
    o.textContent = w.reasons[r];
    sel.append(o);
  }
  sel.value = station.reason;
  renderAll();
}

// ---- showing ------------------------------------------------------------------------------

function shownOutcome(e) {
  return e.kind === 'pack' && e.outcome === 'OK' ? 'PACKED' : e.outcome;
}

function wordOf(e) {
  return outcomeWord(w, shownOutcome(e), e.kind === 'pack' ? e.level : e.mode);
}

function sentenceOf(e) {
  if (e.message) return e.message;
  return w.localSentences[shownOutcome(e)] || '';
}

function renderState() {
  const box = $('state');
  const e = latest && entries.get(latest);
  if (!e) {
    box.className = 'state look-pending';
    box.dataset.outcome = '';
    $('state-word').textContent = hintNow();
    $('state-msg').textContent = '';
    $('state-code').textContent = '';
    return;
  }
  const o = shownOutcome(e);
  box.className = 'state look-' + look(o);
  box.dataset.outcome = o;
  $('state-word').textContent = wordOf(e);
  $('state-msg').textContent = sentenceOf(e) + (station.expectsLabel() ? ' · ' + hintNow() : '');
  $('state-code').textContent = e.code;
}

function hintNow() {
  if (station.expectsLabel()) return station.level === 'CASE' ? t('nextLabel') : t('nextPalletLabel');
  return t('ready');
}

function renderScan(e) {
  let li = document.getElementById('scan-' + e.id);
  if (!li) {
    li = document.createElement('li');
    li.id = 'scan-' + e.id;
    $('scans').prepend(li);
    while ($('scans').children.length > LAST_N) $('scans').lastElementChild.remove();
  }
  const o = shownOutcome(e);
  li.className = 'look-' + look(o);
  li.dataset.outcome = o;
  li.textContent = '';
  const b = document.createElement('strong');
  b.textContent = wordOf(e);
  const c = document.createElement('span');
  c.className = 'code';
  // the unit's short serial (printed under its QR) when the issuer named the unit, else the code as scanned
  const what = e.short ? '…' + e.short : e.code;
  c.textContent = ' ' + (e.kind === 'pack' ? what + ' ← ' + e.children : what) + (e.replayed ? ' ↻' : '');
  li.title = e.code;
  li.append(b, c);
}

function renderCounters() {
  const dl = $('counters');
  dl.textContent = '';
  for (const [k, n] of Object.entries(tally.counts)) {
    if (!n) continue;
    const [o, m] = k.split(':');
    const dt = document.createElement('dt');
    dt.textContent = outcomeWord(w, o, m);
    const dd = document.createElement('dd');
    dd.textContent = n;
    dd.dataset.counter = k;
    dl.append(dt, dd);
  }
  $('rate').textContent = t('rate', { n: tally.perMinute(Date.now()) });
}

function renderControls() {
  for (const m of ['ACTIVATE', 'PACK', 'REJECT']) $('mode-' + m).checked = station.mode === m;
  for (const l of ['CASE', 'PALLET']) $('level-' + l).checked = station.level === l;
  $('reason-box').hidden = station.mode !== 'REJECT';
  $('pack-box').hidden = station.mode !== 'PACK';
  $('reason').value = station.reason;
  $('open').textContent = t(station.level === 'CASE' ? 'openCase' : 'openPallet', { n: station.open.length, cap: station.capacity() });
  $('open').dataset.open = String(station.open.length);
  $('close-case').disabled = station.open.length === 0;
  document.body.dataset.mode = station.mode;
}

function renderNet() {
  const off = netState !== 'online';
  $('net').textContent = off ? t('offline') : t('online');
  $('net').className = 'badge' + (off ? ' off' : '');
  const banner = $('banner');
  if (netState === 'denied') {
    banner.hidden = false;
    banner.textContent = t('denied', { why: deniedWhy });
  } else if (queued > 0 && off) {
    banner.hidden = false;
    banner.textContent = t('queueBanner', { n: queued });
  } else if (queued > 0) {
    banner.hidden = false;
    banner.textContent = t('queueSending', { n: queued });
  } else {
    banner.hidden = true;
  }
  banner.dataset.queued = String(queued);
}

function renderSession() {
  if (!session) return;
  const l = session.line || {};
  $('line-name').textContent = t('line', { name: l.name || '', id: l.lineId || '' });
  const ul = $('batches');
  ul.textContent = '';
  for (const b of session.batches || []) {
    const li = document.createElement('li');
    li.textContent = t('batchLine', { batchId: b.batchId, product: b.productName || b.productId, lot: b.lot || '', quantity: b.quantity });
    ul.append(li);
  }
}

function renderAll() {
  renderSession();
  renderControls();
  renderState();
  renderCounters();
  renderNet();
  for (const id of [...order].reverse()) renderScan(entries.get(id));
}

// ---- scanning -----------------------------------------------------------------------------

function timed(e) {
  if (e.t0 != null && !e.timed) {
    e.timed = true;
    answerTimes.push(performance.now() - e.t0);
  }
}

function list(e) {
  entries.set(e.id, e);
  order.unshift(e.id);
  if (order.length > LAST_N) {
    // no longer listed; one still waiting for its answer is kept until it has it (answered)
    const old = entries.get(order.pop());
    if (old && old.outcome !== 'PENDING' && old.outcome !== 'QUEUED') entries.delete(old.id);
  }
  latest = e.id;
}

async function onCode(raw) {
  const t0 = performance.now();
  const id = newId();
  const r = station.scan(raw, new Date().toISOString(), id);
  store.put('station', station.snapshot());
  if (r.kind === 'local') {
    const e = { id, t0, kind: 'local', mode: station.mode === 'PACK' ? station.level : station.mode, code: r.code, outcome: r.outcome };
    list(e);
    tally.add(r.outcome + ':' + e.mode, Date.now());
    show(e);
    return;
  }
  const e = r.kind === 'pack'
    ? { id, t0, kind: 'pack', level: r.body.level, code: r.body.parent, children: r.body.children.length, outcome: 'PENDING' }
    : { id, t0, kind: 'scan', mode: r.body.mode, code: r.body.code, outcome: 'PENDING' };
  list(e);
  renderControls();
  renderScan(e);
  renderState();
  await store.outbox.add({ id, kind: r.kind, body: r.body, createdAt: Date.now() });
  queued++;
  kick();
}

function show(e) {
  if (order.includes(e.id)) {
    renderScan(e);
  } else if (e.outcome !== 'PENDING' && e.outcome !== 'QUEUED') {
    entries.delete(e.id);
  }
  renderControls();
  if (latest === e.id) renderState();
  renderCounters();
  timed(e);
}

/** The issuer's answer to an item of the outbox (maybe one made before a reload: listed then). */
function answered(item, r) {
  queued = Math.max(0, queued - 1);
  const e = entries.get(item.id);
  if (!e) {
    // made before a reload, or no longer listed: counted, and a refused unit leaves the open case
    const mode = item.kind === 'pack' ? item.body.level : item.body.mode;
    const o = item.kind === 'pack' && r.outcome === 'OK' ? 'PACKED' : r.outcome;
    tally.add(o + ':' + mode, Date.now(), 'QUEUED:' + mode);
    if (mode === 'CHECK') {
      station.checked(item.body.code, r.outcome);
      store.put('station', station.snapshot());
    }
    renderControls();
    renderCounters();
    return;
  }
  const before = e.outcome === 'QUEUED' && e.counted ? 'QUEUED:' + keyMode(e) : null;
  e.outcome = r.outcome;
  e.message = r.message;
  e.short = r.unit && r.unit.short ? r.unit.short : null;
  e.replayed = !!r.replayed;
  if (e.kind === 'scan' && e.mode === 'CHECK') {
    station.checked(e.code, r.outcome);
    store.put('station', station.snapshot());
  } else if (e.kind === 'pack' && station.labelRefused(item.body, r.outcome)) {
    store.put('station', station.snapshot());
  }
  tally.add(shownOutcome(e) + ':' + keyMode(e), Date.now(), before);
  e.counted = true;
  show(e);
}

function keyMode(e) {
  return e.kind === 'pack' ? e.level : e.mode;
}

/** After a drain that could not reach the issuer: every scan still waiting shows "queued". */
function markQueued() {
  for (const e of entries.values()) {
    if (e.outcome === 'PENDING') {
      e.outcome = 'QUEUED';
      e.message = null;
      tally.add('QUEUED:' + keyMode(e), Date.now());
      e.counted = true;
      show(e);
    }
  }
}

let deniedWhy = '';
const sender = new Sender(async () => {
  const res = await drain({ store: store.outbox, send: api.transport, onResult: answered });
  queued = res.left;
  if (res.state === 'offline') {
    netState = 'offline';
    markQueued();
  } else if (res.state === 'denied') {
    netState = 'denied';
    deniedWhy = res.error;
    markQueued();
    // the key was revoked or replaced: a new key of the line can be entered here, the queue stays and goes with it
    $('signin').hidden = false;
    $('signin-msg').textContent = t('denied', { why: deniedWhy });
  } else {
    netState = 'online';
  }
  renderNet();
  return res;
});

function kick() {
  renderNet();
  sender.kick().catch((e) => console.error('station outbox', e));
}

// ---- focus: the scanner types into #code whatever else was touched ---------------------------

function focusScan() {
  const c = $('code');
  if (c && !$('station').hidden && document.activeElement !== c) c.focus({ preventScroll: true });
}

const interactive = (el) => el && el.closest && el.closest('input, select, button, textarea, a, fieldset, label');

document.addEventListener('keydown', (ev) => {
  if ($('station').hidden) return;
  const keys = { F1: 'ACTIVATE', F2: 'PACK', F3: 'REJECT' };
  if (keys[ev.key]) {
    ev.preventDefault();
    setMode(keys[ev.key]);
    return;
  }
  if (ev.key === 'F4') {
    ev.preventDefault();
    closeEarly();
    return;
  }
  if (ev.key === 'F8') {
    ev.preventDefault();
    setLevel(station.level === 'CASE' ? 'PALLET' : 'CASE');
    return;
  }
  if (ev.key === 'Escape') {
    ev.preventDefault();
    focusScan();
    return;
  }
  // a scanner's first character while a button or the page has the focus lands in the scan field
  const target = ev.target;
  const typing = target && (target.tagName === 'INPUT' && target.type !== 'radio' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT');
  if (!typing && ev.key.length === 1 && !ev.ctrlKey && !ev.metaKey && !ev.altKey) focusScan();
}, true);

document.addEventListener('click', (ev) => {
  if (!interactive(ev.target)) focusScan();
});

function setMode(m) {
  station.setMode(m);
  store.put('station', station.snapshot());
  renderControls();
  renderState();
  focusScan();
}

function setLevel(level) {
  station.setLevel(level);
  store.put('station', station.snapshot());
  renderControls();
  renderState();
  focusScan();
}

function closeEarly() {
  if (station.closeEarly()) {
    store.put('station', station.snapshot());
    renderControls();
    renderState();
  }
  focusScan();
}

// ---- sign-in ------------------------------------------------------------------------------

function showStation(on) {
  $('signin').hidden = on;
  $('station').hidden = !on;
  $('signout').hidden = !on;
  document.body.dataset.ready = on ? 'station' : 'signin';
  if (on) {
    renderAll();
    focusScan();
  } else {
    $('key').focus();
  }
}

async function start(key) {
  api.setKey(key);
  try {
    session = await api.session();
    await store.put('session', session);
  } catch (e) {
    if (e instanceof Unreachable) {
      session = await store.get('session');
      if (!session) throw new Error(t('signInFirstOnline'));
      netState = 'offline';
    } else {
      throw e;
    }
  }
  const l = session.line || {};
  const saved = await store.get('station');
  station = new Station({ packSize: l.packSize || 20, casesPerPallet: l.casesPerPallet || 10 }, saved);
  queued = await store.outbox.count();
  showStation(true);
  if (queued > 0) kick();
}

async function signIn(ev) {
  ev.preventDefault();
  const key = $('key').value.trim();
  if (!key) return;
  $('signin-msg').textContent = t('signingIn');
  try {
    await start(key);
    await store.put('key', key);
    $('key').value = '';
    $('signin-msg').textContent = '';
    kick();
  } catch (e) {
    $('signin-msg').textContent = e.message;
  }
}

async function signOut() {
  const n = await store.outbox.count();
  if (n > 0) {
    $('banner').hidden = false;
    $('banner').textContent = t('signOutBlocked', { n });
    return;
  }
  await store.del('key');
  await store.del('session');
  await store.del('station');
  session = null;
  api.setKey(null);
  showStation(false);
}

// ---- camera -------------------------------------------------------------------------------

let camera = null;
async function toggleCamera() {
  camera = camera || await import('./camera.js');
  const video = $('video');
  if (camera.cameraOn()) {
    camera.stopCamera(video);
    $('camera-box').hidden = true;
    $('camera').textContent = t('camera');
  } else {
    $('camera-box').hidden = false;
    $('camera').textContent = t('cameraStop');
    try {
      await camera.startCamera(video, (code) => onCode(code));
    } catch (e) {
      $('camera-box').hidden = true;
      $('camera').textContent = t('camera');
      $('state-msg').textContent = t('cameraError', { why: e.message || e });
    }
  }
  focusScan();
}

// ---- wiring -------------------------------------------------------------------------------

async function main() {
  lang = (await store.get('lang')) || (navigator.language && navigator.language.startsWith('en') ? 'en' : 'zh-CN');
  if (!LANGS.includes(lang)) lang = 'zh-CN';
  applyLang();
  $('lang').addEventListener('click', async () => {
    lang = lang === 'en' ? 'zh-CN' : 'en';
    await store.put('lang', lang);
    applyLang();
  });
  $('signin-form').addEventListener('submit', signIn);
  $('signout').addEventListener('click', signOut);
  $('scanbar').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const c = $('code');
    const v = c.value;
    c.value = '';
    onCode(v);
  });
  for (const r of document.querySelectorAll('input[name=mode]')) r.addEventListener('change', () => setMode(r.value));
  for (const r of document.querySelectorAll('input[name=level]')) r.addEventListener('change', () => setLevel(r.value));
  $('reason').addEventListener('change', () => {
    station.setReason($('reason').value);
    store.put('station', station.snapshot());
  });
  $('close-case').addEventListener('click', closeEarly);
  $('camera').addEventListener('click', toggleCamera);
  window.addEventListener('online', kick);
  // the line as the issuer has it now (its batches or sizes may have been changed in the portal)
  setInterval(async () => {
    if (!session || netState !== 'online') return;
    try {
      session = await api.session();
      await store.put('session', session);
      station.packSize = session.line.packSize || station.packSize;
      station.casesPerPallet = session.line.casesPerPallet || station.casesPerPallet;
      renderSession();
      renderControls();
    } catch {
      // the outbox's next round says what is wrong
    }
  }, 60000);
  setInterval(() => {
    if (queued > 0) kick();
    $('rate').textContent = t('rate', { n: tally.perMinute(Date.now()) });
  }, 3000);
  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('sw.js', { scope: './' }).catch(() => { /* works online without it */ });
  }
  const key = await store.get('key');
  if (key) {
    try {
      await start(key);
      return;
    } catch (e) {
      if (e.status === 401 || e.status === 403) await store.del('key');
      $('signin-msg').textContent = e.message;
    }
  }
  showStation(false);
}

main();
