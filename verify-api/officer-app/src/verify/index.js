// The in-browser offline verifier of markauth marks (issue 17, docs/officer-app contract §1): the
// rules of docs/mark-format.md sections 1–10b and 13, behaving exactly as the SDK's OfflineVerifier
// for every input. The officer app loads the signed trust list and status list while online, keeps
// them, and verifies scans here without a network; docs/test-vectors/*.json pass in node
// (test/verify) and in the browser.
//
// Crypto: Ed25519 on @noble/curves (RFC 8032, with section 2's strictness checks written out), SM2
// on @noble/curves' weierstrass with the sm2p256v1 parameters and SM3 from sm-crypto (GB/T 32918.2
// §7.1, default user id 1234567812345678, r ‖ s not DER), SHA-256 from @noble/hashes.

import { VerifyError } from './errors.js';
import { fromHex, toHex } from './bytes.js';
import { decodeTrustList, normalizeRoots, TrustList } from './trust-list.js';
import { decodeStatusList, StatusList } from './status-list.js';
import { parseScan, signatureInput, signatureOf } from './scan.js';
import { VERDICTS, verdictMessage } from './verdicts.js';

export { VerifyError, fromHex, toHex, TrustList, StatusList, VERDICTS };

function checkNow(now) {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new VerifyError('BAD_ARGUMENT', 'now must be a valid Date');
  }
}

/**
 * Verifies the trust list (GET /api/v1/trust-list body) against the pinned roots (config.json's
 * "roots": [{algorithm, publicKey hex}]). Throws VerifyError (code TRUST_LIST_<refusal>, .refusal the
 * SDK's TrustListRefusal name) for any refusal of sections 10/10b. With `previous` (the list held)
 * also refuses a rollback or an equivocation and returns `previous` itself for the same list again.
 * A list past its nextUpdate is accepted, as the SDK's store keeps working from its cache: it is
 * reported stale (list.stale(now), and every verdict's trustListStaleSince) — `now` decides nothing
 * else, because the SDK checks a list's times only against its delegation, not the device clock.
 */
export function loadTrustList(bytes, roots, now, previous = null) {
  checkNow(now);
  return decodeTrustList(bytes, normalizeRoots(roots), previous);
}

/**
 * Verifies a status-list response (GET /api/v1/status-list body: a full list, or deltas back to back
 * from ?since=) against the pinned roots and applies it to `previous` (the list held, or null).
 * Throws VerifyError (STATUS_LIST_*) for a refused document, a rollback or a delta that does not
 * apply; returns `previous` itself when nothing newer came. Store list.bytes() to reload it later.
 */
export function loadStatusList(bytes, roots, now, previous = null) {
  checkNow(now);
  return decodeStatusList(bytes, normalizeRoots(roots), previous);
}

function baseVerdict(verdict) {
  return {
    verdict,
    category: VERDICTS[verdict][0],
    malformedReason: null,
    detail: null,
    host: null,
    keyId: null,
    algorithm: null,
    productId: null,
    batchId: null,
    serial: null,
    gtin: null,
    revokedAt: null,
    validUntil: null,
    statusSequence: null,
    statusListIssuedAt: null,
    statusAge: null,
    statusListStaleSince: null,
    trustListStaleSince: null,
    reason: null,
    reasonZh: null,
  };
}

/**
 * Verifies scanned text (a mark URL, a GS1 Digital Link or a bare 136-character code) offline, in
 * the SDK's order (section 9 and 13.4): parse (MALFORMED / FOREIGN) → key (UNKNOWN_KEY) → algorithm
 * and signature (FORGED) → key revoked (KEY_REVOKED) → the status list's word on the unit (VOIDED,
 * DECOMMISSIONED, RECALLED, CLONED) → key past validUntil (EXPIRED) → SIGNATURE_VALID. Never throws
 * for any scanned value; a missing trust list is the caller's mistake (VerifyError BAD_ARGUMENT).
 */
export function verifyOffline(scannedText, { trustList, statusList = null, now } = {}) {
  if (!(trustList instanceof TrustList)) throw new VerifyError('BAD_ARGUMENT', 'verifyOffline needs a loaded trustList');
  if (statusList !== null && statusList !== undefined && !(statusList instanceof StatusList)) {
    throw new VerifyError('BAD_ARGUMENT', 'statusList must be a loaded StatusList or null');
  }
  checkNow(now);
  const parsed = parseScan(scannedText, trustList.hostSet);
  let v;
  if (parsed.kind === 'MALFORMED') {
    v = baseVerdict('MALFORMED');
    v.malformedReason = parsed.reason;
    v.detail = parsed.detail;
  } else if (parsed.kind === 'FOREIGN') {
    v = baseVerdict('FOREIGN');
    v.host = parsed.host;
  } else {
    v = verifyMark(parsed.mark, trustList, statusList || null, now);
  }
  if (trustList.stale(now)) v.trustListStaleSince = trustList.nextUpdate;
  v.reason = verdictMessage(v, false);
  v.reasonZh = verdictMessage(v, true);
  return Object.freeze(v);
}

function verifyMark(mark, trustList, statusList, now) {
  const withMark = (code) => {
    const v = baseVerdict(code);
    v.keyId = mark.keyId;
    v.algorithm = mark.algorithm;
    v.productId = mark.productId;
    v.batchId = mark.batchId;
    v.serial = mark.serial;
    v.gtin = mark.gtin;
    return v;
  };
  const key = trustList.key(mark.keyId);
  if (key === null) return withMark('UNKNOWN_KEY');
  if (key.algorithm !== mark.algorithm) {
    const v = withMark('FORGED');
    v.detail = `mark says ${mark.algorithm} but key ${mark.keyId} is ${key.algorithm}`;
    return v;
  }
  // The signature before the key's status: a forged mark under a revoked key is FORGED (section 11).
  if (!key.verifier.verify(signatureInput(mark), signatureOf(mark))) return withMark('FORGED');
  if (key.status === 'REVOKED') {
    const v = withMark('KEY_REVOKED');
    v.revokedAt = key.revokedAt;
    return v;
  }
  let listed = null;
  if (statusList !== null) {
    listed = statusList.stateOf(mark);
  }
  const code = listed === null ? null : { BLOCKED: 'CLONED', VOIDED: 'VOIDED', DECOMMISSIONED: 'DECOMMISSIONED',
    RECALLED: 'RECALLED' }[listed];
  let v;
  if (code !== null) {
    v = withMark(code);
  } else if (key.validUntil !== null && now.getTime() > key.validUntil.getTime()) {
    v = withMark('EXPIRED');
    v.validUntil = key.validUntil;
  } else {
    v = withMark('SIGNATURE_VALID');
  }
  if (statusList !== null) {
    // The list's age goes with every verdict it could have changed: "not listed" is "not listed as of issuedAt".
    v.statusSequence = statusList.sequence;
    v.statusListIssuedAt = statusList.issuedAt;
    v.statusAge = statusList.age(now);
    if (statusList.stale(now)) v.statusListStaleSince = statusList.nextUpdate;
  }
  return v;
}
