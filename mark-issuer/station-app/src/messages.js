// Every word the station page shows, in Chinese (the default) and English. Keys are shared; a key
// missing in one language is a bug test/messages.test.js catches. The issuer's own sentence (the
// scan's "message", in the request's language) is shown under the big state word.

export const LANGS = ['zh-CN', 'en'];

const zh = {
  appTitle: '产线工位',
  langSwitch: 'English',
  langSwitchLabel: '切换到英文',
  online: '在线',
  offline: '离线',
  signInTitle: '工位登录',
  key: '工位密钥',
  keyHint: '由企业在门户或命令行为本产线生成的工位密钥（只能用于本产线的激活、装箱和剔除）。只需输入一次，保存在本电脑上。',
  signIn: '登录',
  signingIn: '正在登录…',
  signOut: '退出登录',
  signOutBlocked: '待发送队列中还有 {n} 条记录：恢复连接、发送完毕后再退出。',
  signInFirstOnline: '首次登录需要连接到发码系统。',
  line: '产线：{name}（{id}）',
  batches: '本产线批次',
  batchLine: '批次 {batchId} · {product} · 批号 {lot} · {quantity} 件',
  mode: '模式',
  modes: { ACTIVATE: '激活', PACK: '装箱', REJECT: '剔除' },
  modeKeys: '快捷键：F1 激活 · F2 装箱 · F3 剔除 · F4 提前封箱 · F8 切换装箱层级',
  level: '装箱层级',
  levels: { CASE: '单品 → 箱', PALLET: '箱 → 托盘' },
  reason: '剔除原因',
  reasons: { PRINT_DEFECT: '印刷缺陷', DAMAGED: '包装破损', UNREADABLE_LABEL: '标签无法识读', DUPLICATE_LABEL: '重复标签', OTHER: '其他' },
  code: '扫码（扫码枪扫描或手动输入后按回车）',
  camera: '用相机扫码',
  cameraStop: '关闭相机',
  cameraVideo: '相机画面',
  cameraError: '无法打开相机：{why}',
  closeCase: '提前封箱（下一个码为箱标）',
  openCase: '当前箱：{n} / {cap}',
  openPallet: '当前托盘：{n} / {cap} 箱',
  nextLabel: '请扫描箱标',
  nextPalletLabel: '请扫描托盘标',
  ready: '请扫码',
  counters: '计数',
  rate: '每分钟 {n} 次',
  lastScans: '最近扫描',
  queueBanner: '发码系统暂时无法连接：{n} 条记录已保存在本电脑，恢复连接后将按顺序自动发送。',
  queueSending: '正在发送待发送队列（{n} 条）…',
  denied: '发码系统拒绝了本工位密钥：{why}。请重新登录。',
  outcomes: {
    OK: { ACTIVATE: '已激活', CHECK: '已核对，可装箱', REJECT: '已剔除（作废）' },
    PACKED: { CASE: '已封箱', PALLET: '已装托盘' },
    ADDED: '已放入托盘',
    ALREADY_ACTIVE: '已经激活过',
    ALREADY_VOIDED: '已经作废',
    ALREADY_PACKED: '已经装过箱',
    NOT_ACTIVE: '尚未激活',
    WRONG_BATCH: '批次不对',
    WRONG_PRODUCT: '产品不对',
    NOT_OURS: '不是本企业的码',
    UNREADABLE: '无法识读',
    DUPLICATE: '本箱已扫过',
    REFUSED: '被拒绝',
    PARENT_UNREADABLE: '箱标无法识读',
    PARENT_NOT_OURS: '箱标不是本企业的码',
    PARENT_USED: '箱标已用过',
    PARENT_VOIDED: '箱标已作废',
    CHILD_REFUSED: '箱内有不合格的码',
    TOO_MANY: '超出装箱数量',
    QUEUED: '已排队（离线）',
    PENDING: '处理中…',
  },
  localSentences: {
    DUPLICATE: '这个码已经在当前箱（托盘）里。',
    UNREADABLE: '没有读到内容。',
    ADDED: '箱已放入当前托盘。',
    QUEUED: '发码系统暂时无法连接，已保存，恢复后自动发送。',
  },
};

const en = {
  appTitle: 'Line station',
  langSwitch: '中文',
  langSwitchLabel: 'Switch to Chinese',
  online: 'online',
  offline: 'offline',
  signInTitle: 'Station sign-in',
  key: 'Station key',
  keyHint: 'The station key made for this line in the portal or with the CLI (it can only activate, pack and reject on this line). Enter it once: it is kept on this PC.',
  signIn: 'Sign in',
  signingIn: 'Signing in…',
  signOut: 'Sign out',
  signOutBlocked: '{n} records are still waiting to be sent: sign out once the issuer has them.',
  signInFirstOnline: 'The first sign-in needs a connection to the issuer.',
  line: 'Line: {name} ({id})',
  batches: 'Batches on this line',
  batchLine: 'Batch {batchId} · {product} · lot {lot} · {quantity} units',
  mode: 'Mode',
  modes: { ACTIVATE: 'Activate', PACK: 'Pack', REJECT: 'Reject' },
  modeKeys: 'Keys: F1 activate · F2 pack · F3 reject · F4 close the case now · F8 packing level',
  level: 'Packing level',
  levels: { CASE: 'units → case', PALLET: 'cases → pallet' },
  reason: 'Reject reason',
  reasons: { PRINT_DEFECT: 'Print defect', DAMAGED: 'Damaged', UNREADABLE_LABEL: 'Label unreadable', DUPLICATE_LABEL: 'Duplicate label', OTHER: 'Other' },
  code: 'Scan (scanner, or type the code and press Enter)',
  camera: 'Scan with the camera',
  cameraStop: 'Stop the camera',
  cameraVideo: 'Camera picture',
  cameraError: 'The camera could not be opened: {why}',
  closeCase: 'Close the case now (next code is its label)',
  openCase: 'Open case: {n} / {cap}',
  openPallet: 'Open pallet: {n} / {cap} cases',
  nextLabel: 'Scan the case label',
  nextPalletLabel: 'Scan the pallet label',
  ready: 'Ready to scan',
  counters: 'Counters',
  rate: '{n} per minute',
  lastScans: 'Last scans',
  queueBanner: 'The issuer cannot be reached: {n} records are kept on this PC and will be sent in order when it answers again.',
  queueSending: 'Sending the queue ({n})…',
  denied: 'The issuer refused this station key: {why}. Sign in again.',
  outcomes: {
    OK: { ACTIVATE: 'Activated', CHECK: 'Checked, pack it', REJECT: 'Rejected (voided)' },
    PACKED: { CASE: 'Case packed', PALLET: 'Pallet packed' },
    ADDED: 'Case on the pallet',
    ALREADY_ACTIVE: 'Already active',
    ALREADY_VOIDED: 'Already voided',
    ALREADY_PACKED: 'Already packed',
    NOT_ACTIVE: 'Not active',
    WRONG_BATCH: 'Wrong batch',
    WRONG_PRODUCT: 'Wrong product',
    NOT_OURS: 'Not ours',
    UNREADABLE: 'Unreadable',
    DUPLICATE: 'Already in this case',
    REFUSED: 'Refused',
    PARENT_UNREADABLE: 'Label unreadable',
    PARENT_NOT_OURS: 'Label not ours',
    PARENT_USED: 'Label already used',
    PARENT_VOIDED: 'Label voided',
    CHILD_REFUSED: 'A code inside is refused',
    TOO_MANY: 'Too many inside',
    QUEUED: 'Queued (offline)',
    PENDING: 'Working…',
  },
  localSentences: {
    DUPLICATE: 'This code is already in the open case (pallet).',
    UNREADABLE: 'Nothing was read.',
    ADDED: 'The case is on the open pallet.',
    QUEUED: 'The issuer cannot be reached: kept here, sent when it answers.',
  },
};

export const MESSAGES = { 'zh-CN': zh, en };

/** The words of {@code lang}, falling back to Chinese. */
export function words(lang) {
  return MESSAGES[lang] || zh;
}

/** {@code {name}} slots of {@code text} filled from {@code args}. */
export function fill(text, args = {}) {
  return String(text).replace(/\{(\w+)\}/g, (m, k) => (k in args ? String(args[k]) : m));
}

/** The big word of an outcome, given the mode or pack level it answered. */
export function outcomeWord(w, outcome, kindOrMode) {
  const o = w.outcomes[outcome];
  if (o === undefined) return w.outcomes.REFUSED + ' (' + outcome + ')';
  if (typeof o === 'string') return o;
  return o[kindOrMode] || Object.values(o)[0];
}
