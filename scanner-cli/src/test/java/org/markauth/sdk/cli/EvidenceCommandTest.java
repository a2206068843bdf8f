package org.markauth.sdk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.markauth.sdk.evidence.EvidenceFixtures;
import org.markauth.sdk.evidence.EvidenceVerifier;

class EvidenceCommandTest {
    private final EvidenceFixtures f = new EvidenceFixtures(7100);
    private final String rootKey = "ED25519:" + HexFormat.of().formatHex(f.root.publicKey());

    @TempDir
    Path home;
    private StringWriter out;
    private StringWriter err;

    private int run(Map<String, String> env, String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CliEnvironment e = new CliEnvironment(new BufferedReader(new StringReader("")), new PrintWriter(out), new PrintWriter(err), env,
                home.resolve("user"), Clock.fixed(EvidenceFixtures.RECEIVED_AT, ZoneOffset.UTC), req -> {
                    throw new java.net.ConnectException("no network in this test");
                });
        String[] all = new String[args.length + 2];
        all[0] = "--home";
        all[1] = home.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return MarkauthCli.run(e, all);
    }

    private int run(String... args) {
        return run(Map.of("MARKAUTH_ROOT_KEYS", rootKey), args);
    }

    @Test
    void aGoodPackagePassesEveryCheckAndOneChangedPhotoByteFailsIt() throws Exception {
        Path zip = home.resolve("evidence.zip");
        byte[] good = f.packageBytes();
        Files.write(zip, good);
        assertThat(run("evidence", "verify", "--lang", "en", zip.toString())).isZero();
        for (String check : EvidenceVerifier.CHECKS) {
            assertThat(out.toString()).containsPattern("PASS +" + check + " ");
        }
        assertThat(out.toString()).contains("VERIFIED: record " + EvidenceFixtures.RECORD_ID + " of officer officer-zhang")
                .doesNotContain("FAIL");

        Path changed = home.resolve("changed.zip");
        Files.write(changed, EvidenceFixtures.tamper(good, m -> {
            m.get(f.photoEntry())[0] ^= 1;
            return m;
        }));
        assertThat(run("evidence", "verify", "--lang", "en", changed.toString())).isEqualTo(ExitCodes.COUNTERFEIT);
        assertThat(out.toString()).containsPattern("FAIL +photos +photos/" + f.photoSha256 + ".jpg has SHA-256")
                .containsPattern("PASS +record-hash").contains("NOT VERIFIED: 1 of 10 checks failed");

        assertThat(run("--json", "evidence", "verify", changed.toString())).isEqualTo(ExitCodes.COUNTERFEIT);
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertThat(j.get("verified").asBoolean()).isFalse();
        assertThat(j.get("recordId").asText()).isEqualTo(EvidenceFixtures.RECORD_ID);
        assertThat(j.get("checks")).hasSize(10);
        assertThat(j.get("checks").get(8).get("name").asText()).isEqualTo("photos");
        assertThat(j.get("checks").get(8).get("passed").asBoolean()).isFalse();
    }

    @Test
    void anotherRootAMissingFileAndAFileThatIsNotAZipEachSaySo() throws Exception {
        Path zip = home.resolve("evidence.zip");
        Files.write(zip, f.packageBytes());
        String otherRoot = "ED25519:" + HexFormat.of().formatHex(new EvidenceFixtures(7200).root.publicKey());
        assertThat(run(Map.of(), "evidence", "verify", "--lang", "en", "--root-key", otherRoot, zip.toString()))
                .isEqualTo(ExitCodes.COUNTERFEIT);
        assertThat(out.toString()).containsPattern("FAIL +delegation .*not pinned");

        assertThat(run(Map.of(), "evidence", "verify", zip.toString())).isEqualTo(ExitCodes.ERROR);
        assertThat(err.toString()).contains("no programme root key pinned");

        assertThat(run("evidence", "verify", "--lang", "en", home.resolve("nowhere.zip").toString())).isEqualTo(ExitCodes.ERROR);
        assertThat(err.toString()).contains("no such file: ").contains("nowhere.zip");

        Path text = home.resolve("notes.txt");
        Files.writeString(text, "this is a note, not an evidence package");
        assertThat(run("evidence", "verify", "--lang", "en", text.toString())).isEqualTo(ExitCodes.COUNTERFEIT);
        assertThat(out.toString()).containsPattern("FAIL +zip +the file is not a ZIP archive").contains("NOT VERIFIED: 10 of 10");

        assertThat(run("evidence", "verify")).isEqualTo(ExitCodes.USAGE);
    }
}
