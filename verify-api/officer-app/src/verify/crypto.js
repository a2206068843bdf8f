// Signature verification with the acceptance rules of docs/mark-format.md section 2, the same as the
// SDK's org.markauth.sdk.crypto.SignatureVerifier (Bouncy Castle there, noble and sm-crypto here): the
// rules are behaviour, not "whatever the library does", so the checks that decide them are written
// out here and the libraries only do the curve arithmetic and the hashes.
//
// A verifier is made once per key (createVerifier throws VerifyError for a key section 2 refuses);
// verify(msg, sig) returns false for any bad signature and never throws.

import { ed25519 } from '@noble/curves/ed25519.js';
import { weierstrass } from '@noble/curves/abstract/weierstrass.js';
import { sha256 } from '@noble/hashes/sha2.js';
import sm3hex from 'sm-crypto/src/sm3/index.js';
import { VerifyError } from './errors.js';
import { ascii, bigFromBytes, concat, fromHex, toHex } from './bytes.js';

/** Section 2: algorithm code (the header's low nibble), key and signature lengths. */
export const ALGORITHMS = Object.freeze({
  ED25519: { code: 1, publicKeyLength: 32, signatureLength: 64 },
  SM2_SM3: { code: 2, publicKeyLength: 65, signatureLength: 64 },
});

/** The algorithm name of a header / delegation code, or null (codes 0 and 3–15 are unassigned). */
export function algorithmOfCode(code) {
  for (const [name, a] of Object.entries(ALGORITHMS)) {
    if (a.code === code) return name;
  }
  return null;
}

/** Section 3: key id = the first 4 bytes of SHA-256 over the raw public key, as 8 lowercase hex digits. */
export function keyIdOf(rawPublicKey) {
  return toHex(sha256(rawPublicKey).subarray(0, 4));
}

export { sha256 };

// ---------------------------------------------------------------- Ed25519 (RFC 8032 §5.1)

const ED_L = 2n ** 252n + 27742317777372353535851937790883648493n;
const EdPoint = ed25519.Point;

/**
 * Section 2: a 32-byte point encoding is canonical when its y (low 255 bits, little-endian) is below
 * p = 2^255 − 19 and the sign bit is not set for x = 0 (only y = 1 and y = p − 1 have x = 0). A port
 * of the SDK's Ed25519Verifier.isCanonicalPoint.
 */
export function isCanonicalEdPoint(b) {
  const top = b[31] & 0x7f;
  const sign = (b[31] & 0x80) !== 0;
  let allOnesMiddle = true;
  let zeroMiddle = true;
  for (let i = 1; i < 31; i++) {
    if (b[i] !== 0xff) allOnesMiddle = false;
    if (b[i] !== 0) zeroMiddle = false;
  }
  const low = b[0];
  if (top === 0x7f && allOnesMiddle && low >= 0xed) return false; // y >= p
  if (!sign) return true;
  const yIsOne = low === 1 && top === 0 && zeroMiddle;
  const yIsPMinusOne = low === 0xec && top === 0x7f && allOnesMiddle;
  return !yIsOne && !yIsPMinusOne;
}

function ed25519Verifier(pub) {
  // Section 2: canonical, on the curve, in the prime-order subgroup ([L]A = O), not the identity —
  // what Bouncy Castle's Ed25519.validatePublicKeyFull accepts. Small-order and mixed-order keys fail.
  let point;
  try {
    if (!isCanonicalEdPoint(pub)) throw new Error('non-canonical');
    point = EdPoint.fromBytes(pub, false);
  } catch {
    point = null;
  }
  if (point === null || point.is0() || !point.isTorsionFree()) {
    throw new VerifyError('BAD_KEY', 'Ed25519 public key is not the canonical encoding of a point of prime order L '
      + '(small-order, mixed-order and non-canonical keys are refused)');
  }
  return (msg, sig) => {
    if (sig.length !== 64) return false;
    const r = sig.subarray(0, 32);
    // Section 2: R canonical, S < L (little-endian); then noble checks the cofactored equation of
    // RFC 8032 §5.1.7, [8][S]B = [8]R + [8][k]A. zip215=false makes noble decode strictly as well.
    if (!isCanonicalEdPoint(r)) return false;
    let s = 0n;
    for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(sig[i]);
    if (s >= ED_L) return false;
    try {
      return ed25519.verify(sig, msg, pub, { zip215: false });
    } catch {
      return false;
    }
  };
}

// ---------------------------------------------------------------- SM2 with SM3 (GB/T 32918.2 §7.1)

// sm2p256v1, GB/T 32918.5-2017 (the values sm-crypto and Bouncy Castle's CustomNamedCurves carry).
const SM2 = {
  p: 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFFn,
  n: 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123n,
  h: 1n,
  a: 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFCn,
  b: 0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93n,
  Gx: 0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7n,
  Gy: 0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0n,
};
let sm2Point = null; // built on first use: a phone that never sees an SM2 key never pays for it

function Sm2Point() {
  if (sm2Point === null) sm2Point = weierstrass(SM2);
  return sm2Point;
}

/** GM/T 0009-2012 default distinguishing identifier, ASCII "1234567812345678" (ENTL = 128 bits). */
export const SM2_DEFAULT_USER_ID = ascii('1234567812345678');

function be32(v) {
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** SM3 (GB/T 32905-2016) of bytes, via sm-crypto. */
export function sm3(bytes) {
  return fromHex(sm3hex(Array.from(bytes)));
}

/** Z_A = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA), GB/T 32918.2 §5.5. */
function sm2Za(pub, userId = SM2_DEFAULT_USER_ID) {
  const entl = userId.length * 8;
  return sm3(concat(Uint8Array.of(entl >> 8, entl & 0xff), userId, be32(SM2.a), be32(SM2.b), be32(SM2.Gx),
    be32(SM2.Gy), pub.subarray(1, 33), pub.subarray(33, 65)));
}

function sm2Verifier(pub) {
  // Section 2: 04 ‖ x ‖ y with x, y < p and the point on the curve — what the SDK's Sm2Verifier gets
  // from Bouncy Castle's decodePoint. The point at infinity has no 04 encoding.
  let point = null;
  if (pub[0] === 0x04) {
    const x = bigFromBytes(pub.subarray(1, 33));
    const y = bigFromBytes(pub.subarray(33, 65));
    if (x < SM2.p && y < SM2.p) {
      try {
        point = Sm2Point().fromBytes(pub); // fromBytes runs assertValidity: on the curve, not zero
      } catch {
        point = null;
      }
    }
  }
  if (point === null) {
    throw new VerifyError('BAD_KEY', 'SM2 public key must be an uncompressed point (0x04||x||y) on sm2p256v1');
  }
  const za = sm2Za(pub);
  return (msg, sig) => {
    if (sig.length !== 64) return false;
    // GB/T 32918.2 §7.1 B1–B7, as Bouncy Castle's SM2Signer with PlainDSAEncoding (r ‖ s, not DER).
    const r = bigFromBytes(sig.subarray(0, 32));
    const s = bigFromBytes(sig.subarray(32, 64));
    if (r < 1n || r >= SM2.n || s < 1n || s >= SM2.n) return false; // B1, B2
    const e = bigFromBytes(sm3(concat(za, msg))); // B3, B4
    const t = (r + s) % SM2.n; // B5
    if (t === 0n) return false;
    try {
      const P = Sm2Point();
      const x1y1 = P.BASE.multiplyUnsafe(s).add(point.multiplyUnsafe(t)); // B6
      if (x1y1.is0()) return false;
      return (e + x1y1.toAffine().x) % SM2.n === r; // B7
    } catch {
      return false;
    }
  };
}

/**
 * A verifier for one public key: { algorithm, keyId, publicKey, verify(msg, sig) -> boolean }.
 * Throws VerifyError BAD_KEY for a wrong length or a key section 2 refuses.
 */
export function createVerifier(algorithm, publicKey) {
  const a = ALGORITHMS[algorithm];
  if (!a) throw new VerifyError('BAD_KEY', `unknown algorithm ${algorithm}`);
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== a.publicKeyLength) {
    throw new VerifyError('BAD_KEY', `${algorithm} public key must be ${a.publicKeyLength} bytes, got `
      + (publicKey && publicKey.length));
  }
  const pub = Uint8Array.from(publicKey);
  const verify = algorithm === 'ED25519' ? ed25519Verifier(pub) : sm2Verifier(pub);
  return Object.freeze({ algorithm, publicKey: pub, keyId: keyIdOf(pub), verify });
}
