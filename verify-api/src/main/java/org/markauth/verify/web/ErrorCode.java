package org.markauth.verify.web;

import org.markauth.http.ApiError;
import org.markauth.http.HttpErrorCode;
import org.markauth.http.Lang;

/**
 * Every error verify-api answers, with its status and a plain sentence in both languages that says
 * what was wrong and what to do: verify-api's part of the one envelope (docs/api.md, "Errors";
 * the list in docs/verify-api.md). The names are stable machine codes.
 */
public enum ErrorCode implements HttpErrorCode {
    BAD_PARAMETER(400, "A parameter is missing or invalid: %s.", "参数缺失或无效：%s。"),
    BATCH_TOO_LARGE(400, "Too many codes in one request: %s.", "单次请求的码过多：%s。"),
    BAD_BODY(400, "The request body could not be read: %s.", "无法读取请求内容：%s。"),
    UNAUTHENTICATED(401, "Sign in: send an officer API key as 'Authorization: Bearer mak_…'.",
            "请先认证：以“Authorization: Bearer mak_…”发送执法人员 API 密钥。"),
    FORBIDDEN(403, "Your key does not allow this (officer or regulator role needed).",
            "您的密钥无权执行此操作（需要执法人员或监管人员角色）。"),
    NOT_FOUND(404, "Nothing here: %s.", "未找到：%s。"),
    BAD_DIGITAL_LINK(400, "This is not a GS1 Digital Link this resolver reads: %s.",
            "这不是本解析器可读取的 GS1 数字链接：%s。"),
    NO_SUCH_LINK(404, "No link of the type %s.", "没有该类型的链接：%s。"),
    METHOD_NOT_ALLOWED(405, "This method is not allowed here.", "此处不允许该请求方法。"),
    BODY_TOO_LARGE(413, "The request is too large (limit %s bytes); send less, e.g. a smaller photo.",
            "请求过大（上限 %s 字节），请减少内容，例如压缩照片。"),
    CODE_TOO_LARGE(413, "The code is too large to be read (%s; a mark has at most 512, the service reads at most 4096).",
            "码过长，无法读取（%s；标志最多 512 个字符，服务最多读取 4096 个）。"),
    UNSUPPORTED_MEDIA(415, "Unsupported content type; send %s.", "不支持的内容类型，请发送 %s。"),
    REPORT_NO_CODE(400, "The report does not say which code was scanned (the field 'code', at most 512 characters); report from the result page.",
            "举报缺少所扫描的码（code 字段，最多 512 个字符），请从核验结果页面举报。"),
    REPORT_NO_WHERE(400, "Say where you bought it (at most 200 characters).", "请填写购买地点（最多 200 个字符）。"),
    REPORT_FIELD_TOO_LONG(400, "The field '%s' is too long (seller: at most 200 characters, contact: at most 100).",
            "“%s”字段过长（卖家最多 200 个字符，联系方式最多 100 个字符）。"),
    BAD_REPORT_BODY(400, "The report could not be read (at '%s'): send a JSON object with the strings code, where, "
            + "seller, contact, lang and photos, a list of base64 images.",
            "无法读取举报内容（位于“%s”）：请发送 JSON 对象，包含字符串 code、where、seller、contact、lang，"
            + "以及 photos（base64 编码图片的列表）。"),
    BAD_FORM(400, "The form could not be read: its encoding is broken. Send it again from the result page.",
            "无法读取表单：编码已损坏，请从核验结果页面重新提交。"),
    TOO_MANY_PHOTOS(400, "Too many photos: at most %s per report.", "照片过多：每份举报最多 %s 张。"),
    PHOTO_TOO_LARGE(413, "A photo is too large (limit %s bytes per photo); send a smaller one.",
            "照片过大（每张上限 %s 字节），请发送较小的照片。"),
    NOT_AN_IMAGE(415, "A photo is not a JPEG, PNG, HEIC or WebP image; send the photo as the camera took it.",
            "照片不是 JPEG、PNG、HEIC 或 WebP 图像，请发送相机拍摄的原始照片。"),
    SIGN_IN_REFUSED(401, "This key cannot sign in: it is unknown, revoked or expired, or not an officer's or regulator's key.",
            "该密钥无法登录：密钥不存在、已吊销或已过期，或不是执法人员或监管人员的密钥。"),
    SESSION_ENDED(401, "Your session has ended (signed out, 12 hours passed, or its key was revoked); sign in again.",
            "会话已结束（已退出、已满 12 小时或密钥已吊销），请重新登录。"),
    CSRF(403, "This change needs the header X-CSRF-Token with the token your sign-in returned "
            + "(GET /api/v1/officer/session shows it again).",
            "此操作需要请求头 X-CSRF-Token，其值为登录时返回的令牌（可通过 GET /api/v1/officer/session 再次获取）。"),
    BAD_DEVICE_KEY(400, "The device key cannot be used: %s. Send the SPKI (DER, base64url) of an ECDSA P-256 key.",
            "设备密钥不可用：%s。请发送 ECDSA P-256 公钥的 SPKI（DER 格式，base64url 编码）。"),
    DEVICE_TAKEN(409, "This device key is registered to another officer; make a new key on this device.",
            "该设备密钥已登记在其他执法人员名下，请在本设备上生成新密钥。"),
    DEVICE_UNKNOWN(403, "The device %s is not registered; register its key (POST /api/v1/officer/devices) first.",
            "设备 %s 未登记，请先登记其密钥（POST /api/v1/officer/devices）。"),
    DEVICE_REVOKED(403, "The device %s was revoked and can submit nothing; sign in and register a new device key.",
            "设备 %s 已被吊销，不能再提交任何内容；请登录并登记新的设备密钥。"),
    DEVICE_NOT_YOURS(403, "The device %s belongs to another officer.", "设备 %s 属于其他执法人员。"),
    NOT_YOUR_RECORD(403, "The record names officer '%s', not you; a record is submitted by the officer who made it.",
            "该记录的执法人员为“%s”，不是您；记录只能由制作它的执法人员提交。"),
    BAD_RECORD(400, "The inspection record is not valid: %s.", "检查记录无效：%s。"),
    BAD_SIGNATURE(422, "The signature does not verify: the record was changed after it was signed, or signed by another device.",
            "签名验证失败：记录在签名后被修改，或由其他设备签名。"),
    INSPECTION_CONFLICT(409, "Inspection %s was already received with other content; a record cannot be changed: make a new one.",
            "检查记录 %s 已以不同内容提交过；记录不可更改，请新建一份记录。"),
    PHOTOS_MISSING(409, "Photos listed in the record are not uploaded yet: %s. Upload them (PUT /api/v1/officer/photos/{sha256}), then send the record again.",
            "记录中列出的照片尚未上传：%s。请先上传（PUT /api/v1/officer/photos/{sha256}），再重新提交记录。"),
    EVIDENCE_KEY_MISSING(503, "This service has no evidence key configured (verify.receipt.key), so it cannot sign evidence packages; "
            + "ask the operator to configure one.",
            "本服务未配置证据签名密钥（verify.receipt.key），无法签发证据包；请联系运维人员配置。"),
    EVIDENCE_REFUSED(409, "No evidence package can be made for this inspection here: %s.",
            "此处无法为该检查记录生成证据包：%s。"),
    PHOTO_HASH_MISMATCH(422, "The photo's SHA-256 is %s, not the one in the path; send the photo again, whole and unchanged.",
            "照片的 SHA-256 为 %s，与路径中的不一致；请重新完整发送原照片。"),
    PHOTO_TYPE_REFUSED(415, "Send the photo as image/jpeg, image/png or image/webp, its bytes in that format (%s).",
            "请以 image/jpeg、image/png 或 image/webp 发送照片，且内容须为该格式（%s）。"),
    RATE_LIMITED(429, "Too many requests from your address; try again in %s s.",
            "您的地址请求过于频繁，请 %s 秒后再试。"),
    UNAVAILABLE(503, "The service cannot check this right now; try again in a few minutes.", "服务暂时无法核验，请几分钟后再试。"),
    REPORTS_BUSY(503, "Too many reports are arriving right now; send yours again in a minute.",
            "当前提交的举报过多，请一分钟后重新提交。"),
    TIMEOUT(503, "The answer took too long; try again.", "响应超时，请重试。"),
    RECEIPTS_DISABLED(400, "This service does not sign receipts (no receipt key is configured); ask without receipt.",
            "本服务未配置回执签名密钥，无法签发回执；请不带 receipt 参数查询。"),
    RECEIPT_KEY_EXPIRED(503, "This service's receipt key is no longer vouched for by the programme; ask without receipt, or try later.",
            "本服务的回执签名密钥已不在认证计划授权的有效期内；请不带 receipt 参数查询，或稍后再试。"),
    OUTSIDE_AREA(403, "%s is outside your area; the regulator sets your area in the console.",
            "%s 不在您的辖区内；辖区由监管人员在管理控制台中设定。"),
    NOT_YOUR_CASE(403, "Only the officer who took it (%s) or a regulator may record its outcome.",
            "只有接手该事项的执法人员（%s）或监管人员可以记录处理结果。"),
    ALREADY_TAKEN(409, "Someone took it first: %s.", "已被他人接手：%s。"),
    WRONG_STATE(409, "It cannot be done in its present state: %s.", "当前状态下无法执行此操作：%s。"),
    OUTCOME_RECORDED(409, "An outcome was already recorded: %s.", "已记录过处理结果：%s。"),
    FOREIGN_ORIGIN(403, "This form is taken only when sent from this site's own page (the request's Origin or Referer names another site, or neither was sent); open the page on this site and send the form from there.",
            "此表单只接受从本站页面提交（请求的 Origin 或 Referer 指向其他网站，或两者都没有）；请打开本站页面后在页面上提交。"),
    INTERNAL(500, "Something went wrong on our side; it has been logged. Try again later.",
            "服务器内部错误，已记录，请稍后再试。");

    private final int status;
    private final String english;
    private final String chinese;

    ErrorCode(int status, String english, String chinese) {
        this.status = status;
        this.english = english;
        this.chinese = chinese;
    }

    /** A request parameter (or the path, or a decoded field) that is missing or does not decode. */
    public static ApiError badParameter(String what) {
        return new ApiError(BAD_PARAMETER, what);
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String message(Lang lang, String arg) {
        String f = lang == Lang.ZH ? chinese : english;
        return f.contains("%s") ? String.format(f, arg == null ? "" : arg) : f;
    }
}
