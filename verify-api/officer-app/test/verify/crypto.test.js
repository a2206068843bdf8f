import { test } from 'node:test';
import assert from 'node:assert/strict';
import smCrypto from 'sm-crypto';
import { createVerifier, keyIdOf, sm3, isCanonicalEdPoint } from '../../src/verify/crypto.js';
import { parseScan, signatureInput, signatureOf } from '../../src/verify/scan.js';
import { ascii, fromHex, toHex } from '../../src/verify/bytes.js';
import { loadVectors } from './vectors.js';

// Known answers from the standards (house style 10), the SDK's Ed25519 strictness cases, and SM2 marks
// checked against sm-crypto's own verifier: the SM2 path here is noble's curve arithmetic plus
// sm-crypto's SM3, so agreement with sm-crypto's complete implementation is a second opinion.

test('RFC 8032 §7.1 TEST 1–3: the signatures verify, and with one bit changed they do not', () => {
  const cases = [
    ['d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a', '',
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b'],
    ['3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c', '72',
      '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00'],
    ['fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025', 'af82',
      '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a'],
  ];
  for (const [pub, msg, sig] of cases) {
    const v = createVerifier('ED25519', fromHex(pub));
    assert.equal(v.verify(fromHex(msg), fromHex(sig)), true);
    const bad = fromHex(sig);
    bad[10] ^= 1;
    assert.equal(v.verify(fromHex(msg), bad), false);
    assert.equal(v.verify(fromHex(msg), fromHex(sig).subarray(0, 63)), false);
  }
});

test('Ed25519 keys of small order and non-canonical encodings are refused (the SDK\'s blocklist)', () => {
  for (const hex of [
    '0100000000000000000000000000000000000000000000000000000000000000',
    'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
    '0000000000000000000000000000000000000000000000000000000000000000',
    '0000000000000000000000000000000000000000000000000000000000000080',
    'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
    'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
    '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
    '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
    'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
    'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
    '0100000000000000000000000000000000000000000000000000000000000080',
    'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff']) {
    assert.throws(() => createVerifier('ED25519', fromHex(hex)), (e) => e.code === 'BAD_KEY', hex);
  }
  assert.throws(() => createVerifier('ED25519', new Uint8Array(31)), (e) => e.code === 'BAD_KEY');
  assert.equal(isCanonicalEdPoint(fromHex('ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f')), true);
  assert.equal(isCanonicalEdPoint(fromHex('edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f')), false);
});

test('SM3 answers the examples of GB/T 32905-2016 Annex A', () => {
  assert.equal(toHex(sm3(ascii('abc'))), '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  assert.equal(toHex(sm3(ascii('abcd'.repeat(16)))), 'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
});

const SM2_PUB = '04' + '09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020'
  + 'ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13';
const SM2_RS = 'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3'
  + 'b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa';
const SM2_N = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123n;

test('SM2: the GM/T 0003.5 example on sm2p256v1 (user id 1234567812345678, "message digest") verifies', () => {
  const v = createVerifier('SM2_SM3', fromHex(SM2_PUB));
  assert.equal(v.verify(ascii('message digest'), fromHex(SM2_RS)), true);
  assert.equal(v.verify(ascii('message digesT'), fromHex(SM2_RS)), false);
  // r or s outside 1 … n−1 does not verify (GB/T 32918.2 §7.1 B1, B2)
  const n = SM2_N.toString(16);
  assert.equal(v.verify(ascii('message digest'), fromHex(SM2_RS.slice(0, 64) + n)), false);
  assert.equal(v.verify(ascii('message digest'), fromHex(n + SM2_RS.slice(64))), false);
  assert.equal(v.verify(ascii('message digest'), fromHex('00'.repeat(32) + SM2_RS.slice(64))), false);
  assert.equal(keyIdOf(fromHex(SM2_PUB)).length, 8);
});

test('SM2 keys that are not uncompressed points on the curve are refused', () => {
  const notOnCurve = new Uint8Array(65);
  notOnCurve[0] = 4;
  notOnCurve[64] = 1;
  assert.throws(() => createVerifier('SM2_SM3', notOnCurve), (e) => e.code === 'BAD_KEY');
  const compressedTag = fromHex(SM2_PUB);
  compressedTag[0] = 2;
  assert.throws(() => createVerifier('SM2_SM3', compressedTag), (e) => e.code === 'BAD_KEY');
  const xTooBig = fromHex(SM2_PUB);
  xTooBig.fill(0xff, 1, 33);
  assert.throws(() => createVerifier('SM2_SM3', xTooBig), (e) => e.code === 'BAD_KEY');
});

test('SM2 marks of marks.json: this verifier and sm-crypto\'s doVerifySignature agree on every one', () => {
  const doc = loadVectors('marks.json');
  const keys = Object.fromEntries(doc.signingKeys.map((k) => [k.keyId, k]));
  const hosts = new Set(['MARKAUTH.CN', 'VISIT.MARKAUTH.CN']);
  let n = 0;
  for (const v of doc.vectors) {
    const p = parseScan(v.input, hosts);
    if (p.kind !== 'PARSED' || !keys[p.mark.keyId] || keys[p.mark.keyId].algorithm !== 'SM2_SM3') continue;
    const pub = keys[p.mark.keyId].publicKey;
    const input = signatureInput(p.mark);
    const ours = createVerifier('SM2_SM3', fromHex(pub)).verify(input, signatureOf(p.mark));
    const theirs = smCrypto.sm2.doVerifySignature(Array.from(input), toHex(signatureOf(p.mark)), pub,
      { der: false, hash: true, userId: '1234567812345678' });
    assert.equal(ours, theirs, v.name);
    n++;
  }
  assert.ok(n >= 4, `${n} SM2 marks`);
});

test('key id: the first 4 bytes of SHA-256 of the raw public key', () => {
  assert.equal(keyIdOf(fromHex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a')), '21fe31df');
});
