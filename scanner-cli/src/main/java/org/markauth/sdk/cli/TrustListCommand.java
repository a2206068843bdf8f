package org.markauth.sdk.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.markauth.sdk.http.RetryPolicy;
import org.markauth.sdk.trust.TrustList;
import org.markauth.sdk.trust.TrustListCodec;
import org.markauth.sdk.trust.TrustListStore;
import org.markauth.sdk.trust.TrustListUpdater;
import org.markauth.sdk.trust.TrustedKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code markauth trust-list update|show}. */
@Command(name = "trust-list", mixinStandardHelpOptions = true, description = "Fetch, import or show the cached trust list.",
        subcommands = {TrustListCommand.Update.class, TrustListCommand.Show.class})
final class TrustListCommand {

    @ParentCommand
    MarkauthCli root;

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Fetch the signed trust list from --api (or import --file), verify it against the pinned roots, "
                    + "refuse rollbacks, and cache it.")
    static final class Update implements Callable<Integer> {
        @ParentCommand
        TrustListCommand parent;

        @Option(names = "--file", paramLabel = "DOCUMENT", description = "Import a signed trust-list document from a file.")
        Path file;

        @Override
        public Integer call() throws IOException {
            MarkauthCli root = parent.root;
            TrustListStore store = root.store();
            TrustListStore.UpdateResult r;
            if (file != null) {
                r = store.update(Files.readAllBytes(file));
            } else {
                var api = root.api().orElseThrow(() -> new MarkauthCli.CliException(
                        "no verify-api configured; pass --api URL, set MARKAUTH_API, or import with --file"));
                r = new TrustListUpdater(root.env.transport(), api, store, Duration.ofSeconds(10), RetryPolicy.defaults()).update();
            }
            print(root, r.list(), store, r.changed() ? "updated" : "unchanged");
            return ExitCodes.GENUINE;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show the cached trust list and whether it is stale.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        TrustListCommand parent;

        @Override
        public Integer call() {
            MarkauthCli root = parent.root;
            TrustListStore store = root.store();
            TrustList list = store.current().orElseThrow(() -> new MarkauthCli.CliException(
                    "no trust list cached in " + root.home().resolve("trust") + "; run `markauth trust-list update`"));
            print(root, list, store, "cached");
            return ExitCodes.GENUINE;
        }
    }

    static void print(MarkauthCli root, TrustList list, TrustListStore store, String state) {
        TrustListStore.Status s = store.status().orElseThrow();
        if (root.json) {
            try {
                ObjectNode n = new ObjectMapper().createObjectNode();
                n.put("state", state);
                n.put("stale", s.stale());
                if (s.stale()) {
                    n.put("staleSince", s.staleSince().toString());
                }
                n.set("trustList", new ObjectMapper().readTree(new String(TrustListCodec.canonical(list), StandardCharsets.US_ASCII)));
                root.env.out().println(n);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        } else {
            boolean zh = "zh".equals(root.locale().getLanguage());
            root.env.out().println((zh ? "信任列表 序号 " : "trust list sequence ") + list.sequence() + " (" + state + ")"
                    + (zh ? "  签发 " : "  issued ") + list.issuedAt() + (zh ? "  下次更新 " : "  next update ") + list.nextUpdate());
            if (s.stale()) {
                root.env.out().println(zh ? "  注意：自 " + s.staleSince() + " 起已过期（stale），请联网更新"
                        : "  STALE since " + s.staleSince() + "; update when online");
            }
            root.env.out().println((zh ? "  主机 " : "  hosts ") + String.join(", ", list.hosts()));
            for (TrustedKey k : list.keys()) {
                root.env.out().println("  " + k.keyId() + "  " + k.algorithm() + "  " + k.status()
                        + (k.revokedAt() == null ? "" : " since " + k.revokedAt())
                        + "  valid from " + k.validFrom() + (k.validUntil() == null ? "" : " until " + k.validUntil()));
            }
        }
        root.env.out().flush();
    }
}
