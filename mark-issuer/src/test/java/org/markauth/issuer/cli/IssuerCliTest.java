package org.markauth.issuer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class IssuerCliTest {

    static String[] run(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true));
        System.setErr(new PrintStream(e, true));
        try {
            int code = IssuerCli.run(args);
            return new String[] {Integer.toString(code), o.toString(), e.toString()};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void helpListsTheCommandGroups() {
        String[] r = run("--help");
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1]).contains("serve", "admin", "keys", "licensee", "product", "licence", "batch", "expire-unused", "audit");
    }

    @Test
    void newKekPrints32RandomBytesInBase64() {
        String[] r = run("admin", "new-kek");
        assertThat(r[0]).isEqualTo("0");
        assertThat(Base64.getDecoder().decode(r[1].trim())).hasSize(32);
    }

    @Test
    void aMissingKekIsAConfigurationErrorNamingTheKey() {
        String[] r = run("keys", "list", "--cassandra.contact-points=127.0.0.1:1");
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2]).contains("issuer.kek").contains("file:/path or env:NAME");
    }
}
