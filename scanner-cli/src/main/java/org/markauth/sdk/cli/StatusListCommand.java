package org.markauth.sdk.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.markauth.sdk.http.RetryPolicy;
import org.markauth.sdk.status.StatusList;
import org.markauth.sdk.status.StatusListStore;
import org.markauth.sdk.status.StatusListUpdater;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code markauth status-list update|show}: the signed list of recalled, voided, decommissioned and blocked units. */
@Command(name = "status-list", mixinStandardHelpOptions = true,
        description = "Fetch, import or show the cached status list (used by offline verdicts).",
        subcommands = {StatusListCommand.Update.class, StatusListCommand.Show.class})
final class StatusListCommand {

    @ParentCommand
    MarkauthCli root;

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Fetch the deltas since the cached list from --api (or import --file), verify them against the pinned "
                    + "roots, refuse rollbacks, and cache the result.")
    static final class Update implements Callable<Integer> {
        @ParentCommand
        StatusListCommand parent;

        @Option(names = "--file", paramLabel = "DOCUMENT", description = "Import a signed status-list document (or deltas) from a file.")
        Path file;

        @Override
        public Integer call() throws IOException {
            MarkauthCli root = parent.root;
            StatusListStore store = root.statusStore();
            StatusListStore.UpdateResult r;
            if (file != null) {
                r = store.update(Files.readAllBytes(file));
            } else {
                var api = root.api().orElseThrow(() -> new MarkauthCli.CliException(
                        "no verify-api configured; pass --api URL, set MARKAUTH_API, or import with --file"));
                r = new StatusListUpdater(root.env.transport(), api, store, Duration.ofSeconds(30), RetryPolicy.defaults()).update();
            }
            print(root, r.list(), r.changed() ? "updated" : "unchanged");
            return ExitCodes.GENUINE;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show the cached status list and whether it is stale.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        StatusListCommand parent;

        @Override
        public Integer call() {
            MarkauthCli root = parent.root;
            StatusList list = root.statusStore().current().orElseThrow(() -> new MarkauthCli.CliException(
                    "no status list cached in " + root.home().resolve("status") + "; run `markauth status-list update`"));
            print(root, list, "cached");
            return ExitCodes.GENUINE;
        }
    }

    static void print(MarkauthCli root, StatusList l, String state) {
        var now = root.env.clock().instant();
        long recalled = l.batches().stream().filter(b -> b.recalled()).count();
        if (root.json) {
            root.env.out().println("{\"state\":\"" + state + "\",\"sequence\":" + l.sequence() + ",\"issuedAt\":\"" + l.issuedAt()
                    + "\",\"nextUpdate\":\"" + l.nextUpdate() + "\",\"ageSeconds\":" + l.age(now).getSeconds() + ",\"stale\":"
                    + l.isStale(now) + ",\"batches\":" + l.batches().size() + ",\"recalledBatches\":" + recalled
                    + ",\"units\":" + l.unitCount() + "}");
        } else {
            boolean zh = "zh".equals(root.locale().getLanguage());
            root.env.out().println((zh ? "状态列表 第 " + l.sequence() + " 版（" : "status list sequence " + l.sequence() + " (") + state
                    + (zh ? "）签发 " : ")  issued ") + l.issuedAt() + (zh ? "，" : ", ") + l.age(now).getSeconds()
                    + (zh ? " 秒前  下次更新 " : " s ago  next update ") + l.nextUpdate());
            if (l.isStale(now)) {
                root.env.out().println(zh ? "  注意：自 " + l.nextUpdate() + " 起已过期（stale），请联网更新"
                        : "  STALE since " + l.nextUpdate() + "; update when online");
            }
            root.env.out().println(zh ? "  批次 " + l.batches().size() + "（其中召回 " + recalled + "），列出的单件 " + l.unitCount()
                    : "  batches " + l.batches().size() + " (" + recalled + " recalled), units listed " + l.unitCount());
        }
        root.env.out().flush();
    }
}
