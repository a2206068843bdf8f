package org.markauth.issuer.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code issuer station}: a line station on the command line, for a hardware scanner (a keyboard
 * wedge or a serial scanner piped in) reading one code per line on standard input. A client of the
 * station API only ({@code /api/v1/station/*}, docs/api-issuer.md "Station") with a STATION key: it
 * needs no Cassandra and no configuration but the issuer's URL and the key file.
 *
 * <p>Each scan gets an id here and goes to the issuer at once; its answer is one output line
 * ({@code OUTCOME  sentence}). When the issuer cannot be reached (no connection, a timeout, a 5xx),
 * the scan goes to the journal in {@code --queue} (forced to disk) and the line says QUEUED; while
 * the journal holds anything, later scans queue behind it, so the issuer applies them in the order
 * they were made. The journal is sent again (oldest first, up to 500 scans a call) before the next
 * scan once the issuer answers, and at the end of the input for up to {@code --drain} seconds; each
 * queued scan's answer is then printed with "(journal)". Replays are harmless: the issuer keeps
 * every id's first outcome.
 *
 * <p>Pack mode: each unit is CHECKed (a queued one is counted in), and after {@code packSize} units
 * (the line's, or {@code --pack-size}) the next scan is the case label; with {@code --pallets},
 * after the line's {@code casesPerPallet} cases the next scan is the pallet label. Units scanned
 * into a case that never got its label are only CHECKed: nothing happened to them.
 *
 * <p>Exit codes: 0 done with an empty journal, 2 bad options, 3 the issuer refused the key or a
 * request (its sentence on stderr), 4 input ended with scans still in the journal (run again later,
 * with the same {@code --queue}, to send them).
 */
@Command(name = "station", mixinStandardHelpOptions = true,
        description = "a line station: reads one scanned code per line on standard input, activates, packs or rejects it "
                + "through the issuer's station API, and keeps scans in an on-disk journal while the issuer is unreachable")
public final class StationCommand implements Callable<Integer> {

    @Option(names = "--issuer", required = true, description = "the issuer's base URL, e.g. https://issuer.example.org")
    String issuer;

    @Option(names = "--key-file", required = true, description = "file holding the line's STATION key (mak_…), from POST /api/v1/lines/{lineId}/keys")
    Path keyFile;

    @Option(names = "--mode", defaultValue = "activate", description = "activate, pack or reject (default ${DEFAULT-VALUE})")
    String mode;

    @Option(names = "--reason", description = "why the units are rejected (reject mode; required there)")
    String reason;

    @Option(names = "--queue", defaultValue = "station-queue", description = "directory of the journal (default ./${DEFAULT-VALUE})")
    Path queue;

    @Option(names = "--lang", defaultValue = "zh-CN", description = "language of the answers: zh-CN (default) or en")
    String lang;

    @Option(names = "--pack-size", description = "units per case (default: the line's)")
    Integer packSize;

    @Option(names = "--pallets", description = "pack mode: after the line's casesPerPallet cases, the next scan is the pallet label")
    boolean pallets;

    @Option(names = "--timeout", defaultValue = "5", description = "seconds to wait for an answer before queueing (default ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Option(names = "--drain", defaultValue = "60", description = "at the end of the input, seconds to keep trying to send the journal (default ${DEFAULT-VALUE})")
    int drainSeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final InputStream in;
    private HttpClient http;
    private String token;
    private StationJournal journal;
    private long unreachableAt = Long.MIN_VALUE;
    private boolean english;

    public StationCommand() {
        this(System.in);
    }

    /** With another standard input (tests). */
    public StationCommand(InputStream in) {
        this.in = in;
    }

    /** The issuer refused a request outright (a key it does not accept, a body it cannot read). */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    @Override
    public Integer call() throws Exception {
        String m = mode.toLowerCase(Locale.ROOT);
        if (!List.of("activate", "pack", "reject").contains(m)) {
            throw new IllegalArgumentException("--mode must be activate, pack or reject, got '" + mode + "'");
        }
        if (m.equals("reject") && (reason == null || reason.isBlank() || reason.length() > 200)) {
            throw new IllegalArgumentException("reject mode needs --reason of 1-200 characters, e.g. --reason \"smudged print\"");
        }
        if (!Files.isReadable(keyFile)) {
            throw new IllegalArgumentException("--key-file " + keyFile + " cannot be read; it holds the line's STATION key");
        }
        token = Files.readString(keyFile, StandardCharsets.UTF_8).strip();
        english = lang.toLowerCase(Locale.ROOT).startsWith("en");
        issuer = issuer.replaceAll("/+$", "");
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(Math.max(1, timeoutSeconds))).build();
        journal = new StationJournal(queue);
        try {
            int[] sizes = sizes(m);
            if (!journal.isEmpty()) {
                err().println(say(journal.size() + " scan(s) waiting in " + journal.file() + " are sent first",
                        journal.file() + " 中有 " + journal.size() + " 条待发送的扫描，先发送"));
                drain();
            }
            run(m, sizes[0], sizes[1]);
            long until = System.nanoTime() + Duration.ofSeconds(drainSeconds).toNanos();
            while (!drain() && System.nanoTime() < until) {
                Thread.sleep(1000);
            }
            if (!journal.isEmpty()) {
                err().println(say("the issuer could not be reached: " + journal.size() + " scan(s) remain in " + journal.file()
                                + "; run issuer station again with the same --queue to send them",
                        "无法连接发行方：" + journal.file() + " 中仍有 " + journal.size() + " 条扫描；请用同一 --queue 再次运行 issuer station 发送"));
                return 4;
            }
            return 0;
        } catch (Refused e) {
            err().println("issuer: " + e.getMessage());
            return 3;
        }
    }

    /** packSize and casesPerPallet: the line's (cached in the queue directory for a start without the issuer), or the options. */
    private int[] sizes(String m) throws IOException, InterruptedException {
        Path cached = queue.resolve("session.json");
        Optional<JsonObject> s = get("/api/v1/station/session");
        JsonObject line;
        if (s.isPresent()) {
            line = s.get().getJsonObject("line");
            Files.writeString(cached, s.get().encode());
            err().println(say("line " + line.getString("name") + " (" + line.getString("lineId") + "), mode " + m,
                    "产线 " + line.getString("name") + "（" + line.getString("lineId") + "），模式 " + m));
        } else if (Files.exists(cached)) {
            line = new JsonObject(Files.readString(cached)).getJsonObject("line");
            err().println(say("the issuer cannot be reached; scans go to the journal " + journal.file(),
                    "无法连接发行方；扫描记入日志 " + journal.file()));
        } else if (!m.equals("pack") || packSize != null) {
            line = new JsonObject().put("packSize", packSize == null ? 1 : packSize).put("casesPerPallet", 1);
        } else {
            throw new IllegalArgumentException("the issuer cannot be reached and no session is cached in " + queue
                    + "; pass --pack-size for pack mode");
        }
        return new int[] {packSize != null ? packSize : line.getInteger("packSize", 1), line.getInteger("casesPerPallet", 1)};
    }

    private void run(String m, int size, int casesPerPallet) throws IOException, InterruptedException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        List<String> inCase = new ArrayList<>();
        List<String> onPallet = new ArrayList<>();
        String code;
        while ((code = r.readLine()) != null) {
            code = code.strip();
            if (code.isEmpty()) {
                continue;
            }
            switch (m) {
                case "activate" -> scan("ACTIVATE", code);
                case "reject" -> scan("REJECT", code);
                default -> {
                    if (pallets && onPallet.size() == casesPerPallet) {
                        JsonObject a = pack("PALLET", code, onPallet);
                        if (a == null || a.getString("outcome").equals("OK") || !a.getString("outcome").startsWith("PARENT")) {
                            onPallet.clear();
                        }
                    } else if (inCase.size() < size) {
                        JsonObject a = scan("CHECK", code);
                        if (a == null || "OK".equals(a.getString("outcome"))) {
                            inCase.add(code);
                            if (inCase.size() == size) {
                                err().println(say("case full: scan the case label", "已满一箱：请扫描箱标签"));
                            }
                        }
                    } else {
                        JsonObject a = pack("CASE", code, inCase);
                        if (a == null || "OK".equals(a.getString("outcome"))) {
                            inCase.clear();
                            onPallet.add(code);
                            if (pallets && onPallet.size() == casesPerPallet) {
                                err().println(say("pallet full: scan the pallet label", "已满一托：请扫描托盘标签"));
                            }
                        } else if (!a.getString("outcome").startsWith("PARENT")) {
                            inCase.clear();   // a unit the case cannot take: scan the case's units again
                        }
                    }
                }
            }
        }
        if (!inCase.isEmpty()) {
            err().println(say(inCase.size() + " unit(s) were scanned without a case label; they are not packed",
                    "有 " + inCase.size() + " 件已扫描但未扫箱标签，未装箱"));
        }
    }

    /** Sends or queues one scan; its result, or null when queued. */
    private JsonObject scan(String scanMode, String code) throws IOException, InterruptedException {
        JsonObject s = new JsonObject().put("id", UUID.randomUUID().toString()).put("mode", scanMode).put("code", code)
                .put("at", Instant.now().toString());
        if (scanMode.equals("REJECT")) {
            s.put("reason", reason.strip());
        }
        if (sendsNow()) {
            Optional<JsonObject> a = post("/api/v1/station/scans", new JsonObject().put("scans", new JsonArray().add(s)));
            if (a.isPresent()) {
                JsonObject res = a.get().getJsonArray("results").getJsonObject(0);
                print(res, "");
                return res;
            }
        }
        journal.append("scan", s);
        queued(code);
        return null;
    }

    private JsonObject pack(String level, String parent, List<String> children) throws IOException, InterruptedException {
        JsonObject p = new JsonObject().put("id", UUID.randomUUID().toString()).put("level", level).put("parent", parent)
                .put("children", new JsonArray(new ArrayList<>(children))).put("at", Instant.now().toString());
        if (sendsNow()) {
            Optional<JsonObject> a = post("/api/v1/station/packs", p);
            if (a.isPresent()) {
                print(a.get(), "");
                return a.get();
            }
        }
        journal.append("pack", p);
        queued(parent);
        return null;
    }

    /** True when a new scan may go straight to the issuer: the journal is empty, or sent now. */
    private boolean sendsNow() throws IOException, InterruptedException {
        if (journal.isEmpty()) {
            return System.nanoTime() - unreachableAt > Duration.ofSeconds(2).toNanos() || unreachableAt == Long.MIN_VALUE;
        }
        if (unreachableAt != Long.MIN_VALUE && System.nanoTime() - unreachableAt < Duration.ofSeconds(2).toNanos()) {
            return false;   // do not make every scan wait for a connection that just failed
        }
        return drain();
    }

    /** Sends the journal oldest first; true when it is empty. */
    private boolean drain() throws IOException, InterruptedException {
        while (!journal.isEmpty()) {
            List<JsonObject> entries = journal.entries();
            if (entries.get(0).getString("kind").equals("pack")) {
                Optional<JsonObject> a = post("/api/v1/station/packs", entries.get(0).getJsonObject("body"));
                if (a.isEmpty()) {
                    return false;
                }
                print(a.get(), say(" (journal)", "（日志）"));
                journal.drop(1);
                continue;
            }
            JsonArray scans = new JsonArray();
            for (JsonObject e : entries) {
                if (!e.getString("kind").equals("scan") || scans.size() == 500) {
                    break;
                }
                scans.add(e.getJsonObject("body"));
            }
            Optional<JsonObject> a = post("/api/v1/station/scans", new JsonObject().put("scans", scans));
            if (a.isEmpty()) {
                return false;
            }
            a.get().getJsonArray("results").forEach(x -> print((JsonObject) x, say(" (journal)", "（日志）")));
            journal.drop(scans.size());
        }
        return true;
    }

    private Optional<JsonObject> get(String path) throws InterruptedException {
        return call(HttpRequest.newBuilder(URI.create(issuer + path)).GET());
    }

    private Optional<JsonObject> post(String path, JsonObject body) throws InterruptedException {
        return call(HttpRequest.newBuilder(URI.create(issuer + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    }

    /** The answer, or empty when the issuer cannot be reached now (no connection, a timeout, a 5xx, a 429). */
    private Optional<JsonObject> call(HttpRequest.Builder b) throws InterruptedException {
        HttpResponse<String> r;
        try {
            r = http.send(b.timeout(Duration.ofSeconds(Math.max(1, timeoutSeconds))).header("Authorization", "Bearer " + token)
                    .header("Accept-Language", lang).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            unreachableAt = System.nanoTime();
            return Optional.empty();
        }
        if (r.statusCode() >= 500 || r.statusCode() == 429) {
            unreachableAt = System.nanoTime();
            return Optional.empty();
        }
        if (r.statusCode() != 200) {
            String said;
            try {
                JsonObject e = new JsonObject(r.body());
                said = e.getString("error") + ": " + e.getString("message");
            } catch (RuntimeException notJson) {
                said = "HTTP " + r.statusCode();
            }
            throw new Refused(said);
        }
        unreachableAt = Long.MIN_VALUE;
        return Optional.of(new JsonObject(r.body()));
    }

    private void print(JsonObject answer, String suffix) {
        String outcome = answer.getString("outcome");
        String what = answer.containsKey("level") && !answer.containsKey("mode") ? answer.getString("level") + " " : "";
        out().println(String.format("%-16s %s%s", what + outcome, answer.getString("message"), suffix));
        out().flush();
    }

    private void queued(String code) {
        String c = code.length() > 40 ? "…" + code.substring(code.length() - 12) : code;
        out().println(String.format("%-16s %s", "QUEUED", say("issuer unreachable: " + c + " kept in the journal (" + journal.size()
                + " waiting)", "无法连接发行方：" + c + " 已记入日志（" + journal.size() + " 条待发送）")));
        out().flush();
    }

    private String say(String en, String zh) {
        return english ? en : zh;
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
