package org.markauth.sdk.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InspectionRecordTest {
    private final EvidenceFixtures f = new EvidenceFixtures(5000);

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aPhonesRecordParsesWithEveryMember() {
        InspectionRecord r = InspectionRecord.parse(f.record());
        assertThat(r.id()).isEqualTo(EvidenceFixtures.RECORD_ID);
        assertThat(r.place().label()).isEqualTo("上海市 七浦路 服装市场");
        assertThat(r.units()).hasSize(2);
        assertThat(r.units().get(0).batchId()).isEqualTo(1001L);
        assertThat(r.units().get(1).serial()).isNull();
        assertThat(r.photos().get(0).extension()).isEqualTo("jpg");
        assertThat(r.seizures().get(0).quantity()).isEqualTo(24);
        assertThat(InspectionRecord.parse(utf8(f.recordJson().replaceFirst("\"place\":\\{[^}]*}", "\"place\":null"))).place()).isNull();
    }

    @Test
    void invalidRecordsAreRefusedNamingTheMember() {
        String j = f.recordJson();
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace("\"notes\"", "\"extra\":1,\"notes\""))))
                .hasMessageContaining("unknown member 'extra'");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace(",\"notes\":\"摊主称货源来自广州。\"", ""))))
                .hasMessageContaining("the record lacks the member 'notes'");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace("\"notes\"", "\"notes\":\"a\",\"notes\""))))
                .hasMessageContaining("not one JSON object");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8("\uFEFF" + j))).hasMessageContaining("byte order mark");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j + "{}"))).hasMessageContaining("not one JSON object");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace("\"quantity\":24", "\"quantity\":0"))))
                .hasMessageContaining("quantity");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace("\"quantity\":24", "\"quantity\":2.5"))))
                .hasMessageContaining("seizures[0].quantity must be an integer");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace("wtw3sj", "wtw3sja")))).hasMessageContaining("geohash");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace("\"outcome\":\"SEIZED\"", "\"outcome\":\"BURNT\""))))
                .hasMessageContaining("outcome");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace(EvidenceFixtures.RECORD_ID, EvidenceFixtures.RECORD_ID.toUpperCase()))))
                .hasMessageContaining("UUID v4");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace("10:15:30.123Z", "10:15:30.123+08:00"))))
                .hasMessageContaining("endedAt must be an ISO-8601 UTC time");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace("\"endedAt\":\"2026-12-06T10:15:30.123Z\"",
                "\"endedAt\":\"2026-12-06T10:00:00Z\"")))).hasMessageContaining("endedAt must not be before");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace("摊主称货源来自广州。", "x".repeat(4001)))))
                .hasMessageContaining("notes");
        assertThatThrownBy(() -> InspectionRecord.parse(new byte[InspectionRecord.MAX_BYTES + 1])).hasMessageContaining("at most");
        assertThatThrownBy(() -> InspectionRecord.parse(new byte[] {(byte) 0xC3, 0x28})).hasMessageContaining("not valid UTF-8");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8("[]"))).hasMessageContaining("the record must be a JSON object");
    }

    @Test
    void aRefusalInsideAnEntryNamesTheEntryByItsIndex() {
        String j = f.recordJson();
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace("0102030405060708", "xyz"))))
                .hasMessageStartingWith("units[0].serial must be 16 lowercase hex digits");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace("\"batchId\":null", "\"batchId\":1.5"))))
                .hasMessageStartingWith("units[1].batchId must be an integer");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace("\"statusSequence\":12,", "\"statusSequence\":12,\"x\":1,"))))
                .hasMessageStartingWith("units[0] has an unknown member 'x'");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace(",\"outcome\":\"SUSPECT\"", ""))))
                .hasMessageStartingWith("units[1] lacks the member 'units[1].outcome'");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace("\"quantity\":24", "\"quantity\":1000001"))))
                .hasMessageStartingWith("seizures[0].quantity must be 1-1000000");
        String photo = "{\"sha256\":\"" + f.photoSha256 + "\",\"type\":\"image/jpeg\",\"bytes\":" + f.photo.length + "}";
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace(photo, photo + "," + photo))))
                .hasMessageStartingWith("photos[1].sha256 lists the same photo twice");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace("image/jpeg", "image/gif"))))
                .hasMessageStartingWith("photos[0].type must be");
    }

    // The rules on which the verify-api's own reader (removed) and this one differed; §15.1 decides.

    @Test
    void integersAreJsonIntegers_notAFractionOrAnExponentThatHappensToBeWhole() {
        String j = f.recordJson();
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace("\"quantity\":24", "\"quantity\":24.0"))))
                .hasMessageContaining("seizures[0].quantity must be an integer");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace("\"quantity\":24", "\"quantity\":2.4e1"))))
                .hasMessageContaining("seizures[0].quantity must be an integer");
    }

    @Test
    void batchIdsSpanTheMarksU32_andAVerdictIsAnyVerdictShapedName() {
        String j = f.recordJson();
        assertThat(InspectionRecord.parse(utf8(j.replace("\"batchId\":1001", "\"batchId\":0"))).units().get(0).batchId()).isZero();
        assertThat(InspectionRecord.parse(utf8(j.replace("\"batchId\":1001", "\"batchId\":4294967295"))).units().get(0).batchId())
                .isEqualTo(4294967295L);
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace("\"batchId\":1001", "\"batchId\":4294967296"))))
                .hasMessageStartingWith("units[0].batchId must be 0-4294967295");
        // a verdict a newer verifier may name: the format fixes its shape, not today's list
        assertThat(InspectionRecord.parse(utf8(j.replace("\"FORGED\"", "\"SOME_LATER_VERDICT\""))).units().get(0).verdict())
                .isEqualTo("SOME_LATER_VERDICT");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace("\"FORGED\"", "\"forged\""))))
                .hasMessageStartingWith("units[0].verdict");
    }

    @Test
    void textIsUnicode_strictUtf8WithoutAByteOrderMarkAndNoLoneSurrogate() {
        String j = f.recordJson();
        // an overlong "/" (C0 AF) and an encoded surrogate (ED A0 80) inside the notes: a lenient reader decodes both
        for (byte[] bad : new byte[][] {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}}) {
            byte[] r = utf8(j.replace("摊主称货源来自广州。", "@"));
            int at = new String(r, StandardCharsets.ISO_8859_1).indexOf('@');
            byte[] out = new byte[r.length - 1 + bad.length];
            System.arraycopy(r, 0, out, 0, at);
            System.arraycopy(bad, 0, out, at, bad.length);
            System.arraycopy(r, at + 1, out, at + bad.length, r.length - at - 1);
            assertThatThrownBy(() -> InspectionRecord.parse(out)).hasMessageContaining("not valid UTF-8");
        }
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace("摊主称货源来自广州。", "a\\ud800b"))))
                .hasMessageStartingWith("notes holds a lone surrogate");
        assertThat(InspectionRecord.parse(utf8(j.replace("摊主称货源来自广州。", "\\ud83d\\ude00 😀"))).notes()).isEqualTo("😀 😀");
        // limits count UTF-16 code units: 2000 emoji are 4000 units (the limit), one more is over
        assertThat(InspectionRecord.parse(utf8(j.replace("摊主称货源来自广州。", "😀".repeat(2000)))).notes()).hasSize(4000);
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace("摊主称货源来自广州。", "😀".repeat(2000) + "x"))))
                .hasMessageStartingWith("notes must be 0-4000");
    }

    @Test
    void timesAreUtcWithTheLetterTAndNoLeapSecondOr24Hundred() {
        String j = f.recordJson();
        for (String bad : List.of("2026-12-06t10:15:30.123Z", "+12026-12-06T10:15:30Z", "2026-12-06T24:00:00Z",
                "2026-12-06T23:59:60Z", "2026-02-30T10:00:00Z", "2026-12-06T10:15:30.1234567890Z", "2026-12-06T10:15Z")) {
            assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace("2026-12-06T10:15:30.123Z", bad))))
                    .as(bad).hasMessageStartingWith("endedAt");
        }
        assertThat(InspectionRecord.parse(utf8(j.replace("2026-12-06T10:15:30.123Z", "2026-12-06T10:15:30.123456789Z"))).endedAt())
                .isEqualTo(Instant.parse("2026-12-06T10:15:30.123456789Z"));
    }

    @Test
    void aBlankOfficerAndANullWhereNoneIsAllowedAreRefused() {
        String j = f.recordJson();
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace(EvidenceFixtures.OFFICER, "   "))))
                .hasMessageStartingWith("officer must be 1-128");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace("\"摊主称货源来自广州。\"", "null"))))
                .hasMessageStartingWith("notes must be a string");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replaceFirst("\"photos\":\\[[^]]*]", "\"photos\":null"))))
                .hasMessageStartingWith("photos must be an array");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j.replace("\"code\":\"not a mark\"", "\"code\":null"))))
                .hasMessageStartingWith("units[1].code must be a string");
        assertThatThrownBy(() -> InspectionRecord.parse(utf8(j + " x"))).hasMessageContaining("not one JSON object");
        assertThat(InspectionRecord.parse(utf8(" \n" + j + "\r\n\t ")).id()).isEqualTo(EvidenceFixtures.RECORD_ID);
    }
}
