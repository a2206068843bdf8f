// The verdict catalogue of org.markauth.sdk.verify.VerdictCode and the malformed reasons of
// org.markauth.sdk.mark.MalformedReason, with the SDK's sentences in English and Chinese (the app is
// zh-CN by default). Codes are the SDK's enum names: stable, append-only, never renamed.

export const VERDICTS = Object.freeze({
  GENUINE: ['GENUINE', 'Genuine: this mark was issued by the programme and is in good standing.',
    '正品：该标志由认证计划签发，状态正常。'],
  SIGNATURE_VALID: ['GENUINE', 'The signature is valid: this mark was issued by the programme (checked offline; activation, recalls and copies are checked online).',
    '签名有效：该标志由认证计划签发（离线核验；激活、召回和复制情况需联网核验）。'],
  CLONE_SUSPECTED: ['WARNING', 'This code has been scanned in a suspicious pattern; it may be a copy of a genuine mark.',
    '该码的扫描记录异常，可能是正品标志的复制品。'],
  NOT_ACTIVATED: ['WARNING', 'This mark was issued but never activated on the production line.',
    '该标志已签发，但尚未在生产线上激活。'],
  VOIDED: ['COUNTERFEIT', 'This mark was voided by the manufacturer and should not be on any product.',
    '该标志已被生产企业作废，不应出现在任何产品上。'],
  DECOMMISSIONED: ['WARNING', 'This unit was taken out of circulation (destroyed, returned or already sold and consumed).',
    '该产品已退出流通（销毁、退回或已售出使用）。'],
  RECALLED: ['WARNING', 'This product batch has been recalled. Do not use it; follow the recall notice.',
    '该批次产品已被召回，请勿使用，并按召回公告处理。'],
  LICENCE_SUSPENDED: ['WARNING', "The manufacturer's licence for this mark is suspended.", '生产企业使用该标志的许可已被暂停。'],
  LICENCE_REVOKED: ['WARNING', "The manufacturer's licence for this mark has been revoked.", '生产企业使用该标志的许可已被撤销。'],
  EXPIRED: ['WARNING', 'This mark or its product has expired.', '该标志或产品已过有效期。'],
  UNKNOWN_SERIAL: ['COUNTERFEIT', 'The signature is valid but the programme has no record of this serial; treat the product as suspect.',
    '签名有效，但认证计划没有该序列号的记录，请将产品视为可疑。'],
  FORGED: ['COUNTERFEIT', 'Forged: the signature on this mark is not valid. The product is likely counterfeit.',
    '伪造：该标志的签名无效，产品很可能是假冒的。'],
  UNKNOWN_KEY: ['COUNTERFEIT', 'This mark was signed with a key the programme does not know. The product is likely counterfeit.',
    '该标志使用了认证计划未知的密钥签名，产品很可能是假冒的。'],
  KEY_REVOKED: ['COUNTERFEIT', 'This mark was signed with a key that has been revoked; it can no longer be trusted.',
    '该标志的签名密钥已被吊销，不能再被信任。'],
  MALFORMED: ['INVALID', 'This is not a valid mark code.', '这不是有效的标志码。'],
  FOREIGN: ['INVALID', 'This code does not belong to the programme: it points to another website. Do not trust it.',
    '该码不属于认证计划，它指向其他网站，请勿信任。'],
  LICENCE_EXPIRED: ['WARNING', "The manufacturer's licence for this mark has expired.", '生产企业使用该标志的许可已过期。'],
  CLONED: ['COUNTERFEIT', 'This code was copied from a genuine mark and has been blocked. Do not buy or use this product.',
    '该码已被确认为复制的正品标志并已被封禁，请勿购买或使用该产品。'],
});

export const MALFORMED_REASONS = Object.freeze({
  EMPTY: ['nothing was scanned', '未读取到任何内容'],
  TOO_LONG: ['the scanned text is longer than 512 characters', '扫描内容超过 512 个字符'],
  BINARY: ['the scanned data contains control or binary characters', '扫描内容包含控制字符或二进制数据'],
  NOT_A_MARK: ['the text is neither a mark URL nor a mark code', '内容既不是标志网址也不是标志码'],
  NOT_HTTPS: ['the mark URL does not use HTTPS', '标志网址未使用 HTTPS'],
  BAD_PATH: ['the URL path is not a mark path', '网址路径不是标志路径'],
  BAD_ENCODING: ['the code contains characters outside base32', '标志码包含 base32 以外的字符'],
  BAD_LENGTH: ['the code has the wrong length', '标志码长度不正确'],
  UNSUPPORTED_VERSION: ['the mark format version is not supported', '不支持该标志格式版本'],
  UNKNOWN_ALGORITHM: ['the signature algorithm is unknown', '签名算法未知'],
  BAD_GTIN: ['the GTIN is not 14 digits with a valid check digit', 'GTIN 不是 14 位数字或校验位错误'],
  BAD_SERIAL: ['the serial in the GS1 link is not 13 base32 characters', 'GS1 链接中的序列号不是 13 位 base32 字符'],
  INVISIBLE: ['the text contains an invisible or non-ASCII space character (no-break space, line separator, '
    + 'zero-width or direction mark)', '内容包含不可见字符或非 ASCII 空格（不换行空格、行分隔符、零宽或方向控制字符）'],
});

/** Instant.toString of a Date with whole seconds: 2026-06-01T00:00:00Z. */
export function instantText(date) {
  return date.toISOString().replace(/\.000Z$/, 'Z');
}

/**
 * The sentences of Verdict.message(locale): the verdict, the malformed reason, the foreign host, what
 * the status list said it rests on and how old it is, and the trust list's staleness. zh for Chinese.
 */
export function verdictMessage(v, zh) {
  const L = zh ? 2 : 1;
  let m = VERDICTS[v.verdict][L];
  if (v.malformedReason) m += zh ? `（${MALFORMED_REASONS[v.malformedReason][1]}）` : ` (${MALFORMED_REASONS[v.malformedReason][0]})`;
  if (v.verdict === 'FOREIGN' && v.host !== null) m += (zh ? ' 网址主机：' : ' Host: ') + v.host;
  if (v.statusSequence !== null) {
    const issued = instantText(v.statusListIssuedAt);
    const age = Math.floor(v.statusAge / 1000);
    m += zh ? ` 依据状态列表第 ${v.statusSequence} 版（签发于 ${issued}，${age} 秒前）。`
      : ` Per status list ${v.statusSequence} of ${issued} (${age} s old).`;
    if (v.statusListStaleSince !== null) {
      const since = instantText(v.statusListStaleSince);
      m += zh ? ` 注意：状态列表自 ${since} 起已过期，请联网更新。` : ` Note: the status list is stale since ${since}; update it when online.`;
    }
  }
  if (v.trustListStaleSince !== null) {
    const since = instantText(v.trustListStaleSince);
    m += zh ? ` 注意：信任列表自 ${since} 起已过期，请联网更新。` : ` Note: the trust list is stale since ${since}; update it when online.`;
  }
  return m;
}
