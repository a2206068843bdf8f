// Run by OfficerAppBrowserIT in the officer app's page (executeAsyncScript): every vector of
// docs/test-vectors (marks, trust lists, status lists) through window.markauthOffline, the module
// the app verifies with. Answers {checked, failures}; a failure names the vector and what differed.
const [marks, trust, status, done] = arguments;
(async () => {
  const { loadTrustList, loadStatusList, verifyOffline } = window.markauthOffline;
  const utf8 = (s) => new TextEncoder().encode(s);
  const fromHex = (h) => Uint8Array.from(h.match(/../g) || [], (x) => parseInt(x, 16));
  const failures = [];
  let checked = 0;
  const refusedBy = (f) => {
    try {
      f();
      return null;
    } catch (e) {
      return e && (e.code || e.name) ? String(e.code || e.name) : 'Error';
    }
  };

  // marks.json: every input, its verdict and, where the vector has them, the ids the mark carries
  const mRoots = [{ algorithm: marks.rootAlgorithm, publicKey: marks.rootPublicKey }];
  const mNow = new Date(marks.now);
  const trustList = loadTrustList(utf8(marks.trustListDocument), mRoots, mNow, null);
  for (const v of marks.vectors) {
    checked++;
    const r = verifyOffline(v.input, { trustList, statusList: null, now: mNow });
    if (r.verdict !== v.expected) failures.push(`marks: ${v.name}: ${r.verdict}, expected ${v.expected}`);
    if (v.productId !== undefined && v.expected === 'SIGNATURE_VALID') {
      if (r.batchId !== v.batchId) failures.push(`marks: ${v.name}: batchId ${r.batchId}, expected ${v.batchId}`);
      if (r.serial !== v.serial) failures.push(`marks: ${v.name}: serial ${r.serial}, expected ${v.serial}`);
      if (r.algorithm !== v.algorithm) failures.push(`marks: ${v.name}: algorithm ${r.algorithm}, expected ${v.algorithm}`);
    }
  }

  // trust-lists.json: accepted or refused (the refusal codes are the module's own names)
  const tRoots = [{ algorithm: trust.rootAlgorithm, publicKey: trust.rootPublicKey }];
  for (const v of trust.vectors) {
    checked++;
    const bytes = utf8(v.document + ' '.repeat(v.padWithSpaces || 0));
    let held = null;
    if (v.held) held = loadTrustList(utf8(v.held), tRoots, mNow, null);
    const refusal = refusedBy(() => loadTrustList(bytes, tRoots, mNow, held));
    if (v.expected === 'ACCEPTED' && refusal) failures.push(`trust-lists: ${v.name}: refused (${refusal}), expected ACCEPTED`);
    if (v.expected !== 'ACCEPTED' && !refusal) failures.push(`trust-lists: ${v.name}: accepted, expected ${v.expected}`);
  }

  // status-lists.json: the documents, the delta, the refusals, the store's rules, the marks with list 2
  const sRoots = [{ algorithm: status.rootAlgorithm, publicKey: status.rootPublicKey }];
  const sNow = new Date(status.now);
  const docs = {};
  for (const name of ['full1', 'full2']) {
    checked++;
    docs[name] = loadStatusList(fromHex(status[name].document), sRoots, sNow, null);
    if (docs[name].sequence !== status[name].sequence) failures.push(`status-lists: ${name}: sequence ${docs[name].sequence}`);
  }
  checked++;
  const applied = loadStatusList(fromHex(status.delta1to2.document), sRoots, sNow, docs.full1);
  if (applied.sequence !== status.full2.sequence) failures.push(`status-lists: delta1to2 on full1: sequence ${applied.sequence}`);
  for (const v of status.invalid) {
    checked++;
    if (!refusedBy(() => loadStatusList(fromHex(v.document), sRoots, sNow, null))) failures.push(`status-lists: invalid '${v.name}' accepted`);
  }
  const named = { full1: status.full1, full2: status.full2, delta1to2: status.delta1to2 };
  for (const v of status.storeRules) {
    checked++;
    const hold = loadStatusList(fromHex(named[v.hold].document), sRoots, sNow, null);
    let offered = null;
    const refusal = refusedBy(() => { offered = loadStatusList(fromHex(named[v.offer].document), sRoots, sNow, hold); });
    if (v.expected === 'refused' && !refusal) failures.push(`status-lists: store rule '${v.name}' accepted`);
    if (v.expected === 'unchanged' && (refusal || offered.sequence !== hold.sequence)) failures.push(`status-lists: store rule '${v.name}': ${refusal || offered.sequence}`);
  }
  const sTrust = loadTrustList(utf8(status.trustListDocument), sRoots, sNow, null);
  for (const v of status.marks) {
    for (const [how, list] of [['full2', docs.full2], ['full1+delta', applied]]) {
      checked++;
      const r = verifyOffline(v.input, { trustList: sTrust, statusList: list, now: sNow });
      if (r.verdict !== v.expected) failures.push(`status-lists: ${v.name} with ${how}: ${r.verdict}, expected ${v.expected}`);
    }
  }
  return { checked, failures };
})().then(done, (e) => done({ checked: -1, failures: [`threw: ${e && e.stack ? e.stack : e}`] }));
