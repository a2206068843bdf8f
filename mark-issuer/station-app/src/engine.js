// The line station's rules, pure of the browser (test/engine.test.js): what a scanned code means in
// the current mode, the open case or pallet being filled, the counters and the rate per minute.
// The same rules as the CLI's `issuer station` (docs/station.md): in activate and reject mode every
// code is one scan; in pack mode the first packSize codes are units (each CHECKed by the issuer),
// the next one is the case label; on the pallet level the first casesPerPallet codes are case labels
// and the next one is the pallet label. "Close now" makes the next code the label of a short case.

export const MODES = ['ACTIVATE', 'PACK', 'REJECT'];
export const LEVELS = ['CASE', 'PALLET'];
export const REASONS = ['PRINT_DEFECT', 'DAMAGED', 'UNREADABLE_LABEL', 'DUPLICATE_LABEL', 'OTHER'];
/** The reason as the issuer records it (free text there, as the CLI's --reason): plain English words, whatever the page's language. */
export const REASON_TEXT = { PRINT_DEFECT: 'print defect', DAMAGED: 'damaged', UNREADABLE_LABEL: 'label unreadable',
  DUPLICATE_LABEL: 'duplicate label', OTHER: 'other' };

/** How each outcome looks: ok (green), warn (amber), bad (red), queued (blue), pending (grey). */
const LOOKS = {
  OK: 'ok', PACKED: 'ok', ADDED: 'ok',
  ALREADY_ACTIVE: 'warn', ALREADY_VOIDED: 'warn', ALREADY_PACKED: 'warn', NOT_ACTIVE: 'warn', DUPLICATE: 'warn',
  WRONG_BATCH: 'bad', WRONG_PRODUCT: 'bad', NOT_OURS: 'bad', UNREADABLE: 'bad', REFUSED: 'bad',
  QUEUED: 'queued', PENDING: 'pending',
};

/** The look of {@code outcome}; an outcome this page does not know (a newer issuer's) is a refusal. */
export function look(outcome) {
  return LOOKS[outcome] || 'bad';
}

/** A fresh client id for a scan or pack (the issuer keeps each id once: a replay is harmless). */
export function newId(crypto = globalThis.crypto) {
  return crypto.randomUUID();
}

/**
 * The station's state: mode, reject reason, pack level and the open case or pallet. Plain data
 * ({@link #snapshot}) so the page keeps it in IndexedDB and a reload resumes the half-filled case.
 */
export class Station {
  constructor({ packSize = 20, casesPerPallet = 10 } = {}, saved = null) {
    this.packSize = packSize;
    this.casesPerPallet = casesPerPallet;
    this.mode = 'ACTIVATE';
    this.level = 'CASE';
    this.reason = REASONS[0];
    this.open = [];          // codes of the open case (units) or pallet (case labels)
    this.closeNow = false;   // the next code is the label, whatever the count
    if (saved) Object.assign(this, pick(saved));
  }

  snapshot() {
    return { mode: this.mode, level: this.level, reason: this.reason, open: [...this.open], closeNow: this.closeNow };
  }

  setMode(mode) {
    if (!MODES.includes(mode)) throw new Error('no such mode: ' + mode);
    this.mode = mode;
  }

  /** Changing the level (or mode away from pack) drops the open case: its units were only checked. */
  setLevel(level) {
    if (!LEVELS.includes(level)) throw new Error('no such level: ' + level);
    if (level !== this.level) {
      this.open = [];
      this.closeNow = false;
    }
    this.level = level;
  }

  setReason(reason) {
    if (!REASONS.includes(reason)) throw new Error('no such reason: ' + reason);
    this.reason = reason;
  }

  /** How many codes the open case or pallet takes before its label. */
  capacity() {
    return this.level === 'CASE' ? this.packSize : this.casesPerPallet;
  }

  /** Whether the next code is read as the label of the open case or pallet. */
  expectsLabel() {
    return this.mode === 'PACK' && this.open.length > 0 && (this.closeNow || this.open.length >= this.capacity());
  }

  /** Makes the next code the label of the open (short) case; false when nothing is open. */
  closeEarly() {
    if (this.mode !== 'PACK' || this.open.length === 0) return false;
    this.closeNow = true;
    return true;
  }

  /**
   * What {@code code} means now. Returns one of
   *   {kind:'scan', body:{id, mode, code, reason?, at}}          to send to POST /api/v1/station/scans
   *   {kind:'pack', body:{id, level, parent, children, at}}      to send to POST /api/v1/station/packs
   *   {kind:'local', outcome:'ADDED'|'DUPLICATE'|'UNREADABLE'}   answered here (a case onto the pallet,
   *                                                              a code already in the open one, an empty read)
   */
  scan(code, at, id) {
    const c = String(code || '').trim();
    if (!c) return { kind: 'local', outcome: 'UNREADABLE', code: c };
    if (this.mode !== 'PACK') {
      const body = { id, mode: this.mode, code: c, at };
      if (this.mode === 'REJECT') body.reason = REASON_TEXT[this.reason];
      return { kind: 'scan', body };
    }
    if (this.expectsLabel()) {
      if (this.open.includes(c)) return { kind: 'local', outcome: 'DUPLICATE', code: c };
      const body = { id, level: this.level, parent: c, children: [...this.open], at };
      this.open = [];
      this.closeNow = false;
      return { kind: 'pack', body };
    }
    if (this.open.includes(c)) return { kind: 'local', outcome: 'DUPLICATE', code: c };
    this.open.push(c);
    if (this.level === 'PALLET') return { kind: 'local', outcome: 'ADDED', code: c };
    return { kind: 'scan', body: { id, mode: 'CHECK', code: c, at } };
  }

  /** The issuer's answer to a CHECK: a unit it refused leaves the open case (OK and queued ones stay). */
  checked(code, outcome) {
    if (outcome !== 'OK' && outcome !== 'QUEUED') {
      const i = this.open.indexOf(code);
      if (i >= 0) this.open.splice(i, 1);
      if (this.open.length === 0) this.closeNow = false;
    }
  }
}

/**
 * The issuer refused a pack for its label (unreadable, not ours, used, voided): when no new case
 * was begun meanwhile, its units are the open case again and the next code is read as its label,
 * so the operator scans another label instead of the whole case. Returns whether it did.
 */
Station.prototype.labelRefused = function labelRefused(body, outcome) {
  if (!String(outcome).startsWith('PARENT_') || this.mode !== 'PACK' || this.level !== body.level || this.open.length) return false;
  this.open = [...body.children];
  this.closeNow = true;
  return true;
};

function pick(s) {
  const out = {};
  if (MODES.includes(s.mode)) out.mode = s.mode;
  if (LEVELS.includes(s.level)) out.level = s.level;
  if (REASONS.includes(s.reason)) out.reason = s.reason;
  if (Array.isArray(s.open)) out.open = s.open.filter((x) => typeof x === 'string');
  if (typeof s.closeNow === 'boolean') out.closeNow = s.closeNow;
  return out;
}

/** Counters per outcome and the scans of the last minute (the rate per minute). */
export class Tally {
  constructor() {
    this.counts = {};
    this.times = [];
  }

  /** Counts {@code outcome} at {@code now} (ms); an answer that replaces a "queued" one moves the count. */
  add(outcome, now, replaces = null) {
    if (replaces) {
      this.counts[replaces] = Math.max(0, (this.counts[replaces] || 0) - 1);
    } else {
      this.times.push(now);
    }
    this.counts[outcome] = (this.counts[outcome] || 0) + 1;
  }

  /** Scans in the 60 s before {@code now}. */
  perMinute(now) {
    while (this.times.length && this.times[0] <= now - 60000) this.times.shift();
    return this.times.length;
  }
}

/** The median and 95th percentile of {@code values} (ms), nearest rank; null when empty. */
export function percentiles(values) {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const rank = (p) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  return { n: s.length, median: rank(0.5), p95: rank(0.95), max: s[s.length - 1] };
}
