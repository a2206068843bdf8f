// The outbox: every scan and pack goes here first (IndexedDB in the page, an array in the tests),
// then to the issuer in the order it was made; an item leaves the outbox only when the issuer has
// answered it. So a reload, a crash or a network cut loses nothing, and an answer lost on the way
// only means the item is sent again: the issuer keeps each client id once and answers a replay with
// the stored outcome ("replayed": true), never applying it twice (docs/station.md).
//
// Pure of the browser (test/outbox.test.js): the store and the transport are passed in.
//   store: { all() → items in order, removeAll(ids) (one transaction: a run of 500 answers is one write) }
//   send:  { scans(bodies) → results (one per body, matched by id), pack(body) → result }
//          a transport failure (no answer, 5xx, 408, 429) throws Unreachable, 401/403 throws Denied,
//          another 4xx throws Refused with the issuer's sentence.

/** Scans per POST /api/v1/station/scans (the contract's limit). */
export const MAX_SCANS = 500;

export class Unreachable extends Error {}

export class Denied extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export class Refused extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** The next request to make from {@code items}: a run of consecutive scans (at most max), or one pack. */
export function nextRequest(items, max = MAX_SCANS) {
  if (!items.length) return null;
  if (items[0].kind === 'pack') return { kind: 'pack', items: [items[0]] };
  const run = [];
  for (const i of items) {
    if (i.kind !== 'scan' || run.length >= max) break;
    run.push(i);
  }
  return { kind: 'scan', items: run };
}

/**
 * Sends the outbox until it is empty or the issuer cannot be reached. {@code onResult(item, result)}
 * is called for each answered item after it left the store (result.outcome 'REFUSED' with the
 * sentence for an item the issuer refused as malformed: sending it again would not help).
 * Returns {state: 'empty'|'offline'|'denied', left, error?}.
 */
export async function drain({ store, send, onResult, max = MAX_SCANS }) {
  for (;;) {
    const items = await store.all();
    const req = nextRequest(items, max);
    if (!req) return { state: 'empty', left: 0 };
    let results;
    try {
      results = req.kind === 'pack' ? [await send.pack(req.items[0].body)] : await send.scans(req.items.map((i) => i.body));
    } catch (e) {
      if (e instanceof Unreachable) return { state: 'offline', left: items.length, error: e.message };
      if (e instanceof Denied) return { state: 'denied', left: items.length, error: e.message };
      if (e instanceof Refused) {
        results = req.items.map((i) => ({ id: i.id, outcome: 'REFUSED', message: e.message, unit: null, replayed: false }));
      } else {
        throw e;
      }
    }
    const byId = new Map((results || []).map((r) => [r.id, r]));
    // not answered: stays, in its place, for the next round
    const answered = req.items.filter((i) => byId.has(i.id));
    // an issuer answering none of what it was sent would have the page send it forever
    if (answered.length === 0) return { state: 'offline', left: items.length, error: 'the issuer answered none of the items sent' };
    await store.removeAll(answered.map((i) => i.id));
    for (const item of answered) onResult(item, byId.get(item.id));
  }
}

/**
 * One drain at a time: {@link #kick} after every new item and whenever the network may be back;
 * a kick during a drain runs another drain right after it (the new item is not left waiting).
 */
export class Sender {
  constructor(run) {
    this.run = run;
    this.running = null;
    this.again = false;
  }

  kick() {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let last;
      try {
        do {
          this.again = false;
          last = await this.run();
        } while (this.again && last && last.state === 'empty');
      } finally {
        this.running = null;
      }
      return last;
    })();
    return this.running;
  }
}

/** An in-memory store with the IndexedDB store's contract (tests, and a page without IndexedDB). */
export function memoryStore() {
  const items = [];
  return {
    items,
    async add(item) {
      if (items.some((i) => i.id === item.id)) throw new Error('id already queued: ' + item.id);
      items.push(item);
    },
    async all() {
      return [...items];
    },
    async removeAll(ids) {
      const gone = new Set(ids);
      for (let i = items.length - 1; i >= 0; i--) if (gone.has(items[i].id)) items.splice(i, 1);
    },
  };
}
