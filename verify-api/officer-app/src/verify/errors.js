/**
 * The one error type of the offline verifier. Thrown only by loadTrustList / loadStatusList (a
 * document that cannot be used, or a caller's mistake such as a bad pinned root) — never by
 * verifyOffline, whose every outcome is a verdict value (house style: verdicts are values).
 *
 * code: a stable machine code, TRUST_LIST_<refusal> for trust lists (refusal = the SDK's
 * TrustListRefusal name, also in .refusal), STATUS_LIST_* for status lists, BAD_ROOT, BAD_HEX,
 * BAD_ARGUMENT. message: an English sentence saying what is wrong.
 */
export class VerifyError extends Error {
  constructor(code, message, refusal = null) {
    super(message);
    this.name = 'VerifyError';
    this.code = code;
    this.refusal = refusal;
  }
}
