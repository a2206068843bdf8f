package org.markauth.issuer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The station's journal keeps its entries in order across restarts, drops what was sent, and survives a torn last line. */
class StationJournalTest {

    @TempDir
    Path dir;

    @Test
    void entriesSurviveARestartInOrderAndSentOnesAreDropped() throws Exception {
        StationJournal j = new StationJournal(dir);
        for (int i = 0; i < 5; i++) {
            j.append("scan", new JsonObject().put("id", "s" + i));
        }
        j.append("pack", new JsonObject().put("id", "p0"));
        StationJournal again = new StationJournal(dir);
        assertThat(again.entries()).extracting(e -> e.getJsonObject("body").getString("id")).containsExactly("s0", "s1", "s2", "s3", "s4", "p0");
        again.drop(3);
        assertThat(new StationJournal(dir).entries()).extracting(e -> e.getString("kind")).containsExactly("scan", "scan", "pack");
        again.drop(3);
        assertThat(new StationJournal(dir).isEmpty()).isTrue();
    }

    @Test
    void aLineTornByACrashIsIgnored() throws Exception {
        StationJournal j = new StationJournal(dir);
        j.append("scan", new JsonObject().put("id", "s0"));
        Files.writeString(j.file(), "{\"kind\":\"scan\",\"bo", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        StationJournal after = new StationJournal(dir);
        assertThat(after.size()).isEqualTo(1);
        after.append("scan", new JsonObject().put("id", "s1"));
        assertThat(new StationJournal(dir).entries()).extracting(e -> e.getJsonObject("body").getString("id")).containsExactly("s0", "s1");
    }
}
