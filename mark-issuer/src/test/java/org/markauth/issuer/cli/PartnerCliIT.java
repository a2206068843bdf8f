package org.markauth.issuer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.markauth.access.Principal;
import org.markauth.config.Secret;
import org.markauth.issuer.app.IssuerServices;
import org.markauth.issuer.invalidation.Invalidations;
import org.markauth.issuer.batch.IssuancePipeline;
import org.markauth.issuer.keys.Kek;
import org.markauth.issuer.keys.KeySettings;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Uscc;
import org.markauth.issuer.trace.Partners;
import org.markauth.testing.StackConfig;
import org.markauth.testing.TestKeyspace;
import org.markauth.testing.TestStack;
import org.markauth.issuer.app.IssuerServices;
import org.markauth.sdk.crypto.SignatureAlgorithm;

/** {@code issuer licensee withdraw-partner} against the real Cassandra node, as an operator runs it. */
class PartnerCliIT {

    static TestStack stack;
    static TestKeyspace ks;
    static Path kekFile;
    static IssuerServices services;
    static IssuerServices trace;
    static final Principal REGULATOR = Principal.regulator("office-1");

    @BeforeAll
    static void up() throws Exception {
        stack = TestStack.connect();
        ks = stack.freshKeyspace("issuer_partner_cli_it");
        kekFile = Files.createTempFile("kek", ".b64");
        Files.writeString(kekFile, Kek.generateEncoded());
        services = new IssuerServices(ks.session(), Kek.fromSecret(Secret.ofFile(kekFile)), Invalidations.none(), Clock.systemUTC(),
                new IssuerServices.Settings(new KeySettings(SignatureAlgorithm.ED25519, Duration.ofDays(730), "M.MARKAUTH.TEST",
                        List.of(), Duration.ofDays(1)), new IssuancePipeline.Settings(1024, 2, 32, 100), 2_000_000,
                        Duration.ofDays(180), 30));
        trace = services;
        licensee("LMAKER", "91440600MA0000001");
        licensee("LDEPOT", "91440600MA0000002");
        trace.partners.declare(REGULATOR, "LMAKER", "LDEPOT", "DISTRIBUTOR");
    }

    static void licensee(String id, String base) {
        services.registry.createLicensee(REGULATOR, new Licensee.Details(id, "佛山" + id + "有限公司", id + " Ltd",
                Uscc.withCheckCharacter(base), "佛山市", Map.of()));
    }

    @AfterAll
    static void down() throws Exception {
        Files.deleteIfExists(kekFile);
        ks.close();
        stack.close();
    }

    @Test
    void theCliWithdrawsAPartnershipWithAReasonAndTheAuditTrailSaysWho() {
        String[] missing = cli("licensee", "withdraw-partner", "LMAKER", "LDEPOT");
        assertThat(missing[0]).isEqualTo("2");
        assertThat(missing[2]).contains("--reason");
        String[] other = cli("licensee", "withdraw-partner", "LMAKER", "LDEPOT", "--reason=not ours", "--as-licensee=LDEPOT");
        assertThat(other[0]).as(other[2]).isEqualTo("3");
        assertThat(other[2]).contains("FORBIDDEN");

        String[] ok = cli("licensee", "withdraw-partner", "LMAKER", "LDEPOT", "--reason=contract ended");
        assertThat(ok[0]).as(ok[2]).isEqualTo("0");
        assertThat(ok[1]).contains("partnership of LMAKER with LDEPOT withdrawn at");
        assertThat(trace.partners.list(REGULATOR, "LMAKER")).extracting(Partners.Partner::withdrawnBy, Partners.Partner::withdrawnReason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("regulator:registrar-7", "contract ended"));
        assertThat(services.changes.entity("licensee:LMAKER", 5)).anyMatch(a -> a.action().equals("licensee.partner.withdraw")
                && a.actor().equals("registrar-7"));

        String[] again = cli("licensee", "withdraw-partner", "LMAKER", "LDEPOT", "--reason=again");
        assertThat(again[0]).isEqualTo("3");
        assertThat(again[2]).contains("ALREADY_WITHDRAWN");
    }

    private static String[] cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(StackConfig.flags(StackConfig.of(stack, ks, "ma:")));   // ma: is the default prefix
        all.addAll(List.of("--issuer.kek=file:" + kekFile, "--actor=registrar-7"));
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int code = IssuerCli.run(all.toArray(String[]::new));
            return new String[] {Integer.toString(code), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
