package org.markauth.sdk.verify;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.markauth.sdk.mark.MalformedReason;
import org.markauth.sdk.mark.SignedMark;

/**
 * The answer to one scan, as a value. {@code mark} is present whenever the input parsed (so the
 * product and batch of a forged or revoked mark can still be shown to an officer, marked as
 * untrusted); {@code reason} only for MALFORMED; {@code details} carries named extras such as
 * {@code host}, {@code productName}, {@code batchName}, {@code revokedAt}, {@code validUntil},
 * {@code detail}. {@code trustListStaleSince} is set when the offline trust list is past its
 * next-update time.
 */
public record Verdict(VerdictCode code, SignedMark mark, MalformedReason reason, Map<String, String> details,
                      Instant trustListStaleSince) {

    public Verdict {
        Objects.requireNonNull(code, "code");
        details = Map.copyOf(details);
        if ((code == VerdictCode.MALFORMED) != (reason != null)) {
            throw new IllegalArgumentException("a MALFORMED verdict needs a reason, and only it");
        }
    }

    public static Verdict of(VerdictCode code, SignedMark mark, Map<String, String> details) {
        return new Verdict(code, mark, null, details, null);
    }

    public Verdict withStaleSince(Instant since) {
        return new Verdict(code, mark, reason, details, since);
    }

    public boolean isGenuine() {
        return code.category() == VerdictCode.Category.GENUINE;
    }

    /** One or two plain sentences for people, in Chinese for {@code zh*} locales, else English. */
    public String message(Locale locale) {
        boolean zh = "zh".equals(locale.getLanguage());
        StringBuilder m = new StringBuilder(code.message(locale));
        if (reason != null) {
            m.append(zh ? "（" : " (").append(reason.message(locale)).append(zh ? "）" : ")");
        }
        if (code == VerdictCode.FOREIGN && details.containsKey("host")) {
            m.append(zh ? " 网址主机：" : " Host: ").append(details.get("host"));
        }
        if (details.containsKey("statusListSequence")) {
            // what "not listed" rests on: the offline status list and how old it is
            String age = details.get("statusListAgeSeconds");
            m.append(zh ? " 依据状态列表第 " + details.get("statusListSequence") + " 版（签发于 " + details.get("statusListIssuedAt")
                    + "，" + age + " 秒前）。" : " Per status list " + details.get("statusListSequence") + " of "
                    + details.get("statusListIssuedAt") + " (" + age + " s old).");
            if (details.containsKey("statusListStaleSince")) {
                m.append(zh ? " 注意：状态列表自 " + details.get("statusListStaleSince") + " 起已过期，请联网更新。"
                        : " Note: the status list is stale since " + details.get("statusListStaleSince") + "; update it when online.");
            }
        }
        if (trustListStaleSince != null) {
            m.append(zh ? " 注意：信任列表自 " + trustListStaleSince + " 起已过期，请联网更新。"
                    : " Note: the trust list is stale since " + trustListStaleSince + "; update it when online.");
        }
        return m.toString();
    }
}
