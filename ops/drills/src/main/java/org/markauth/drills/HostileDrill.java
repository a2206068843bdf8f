package org.markauth.drills;

import static org.markauth.drills.DrillReport.say;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.markauth.access.ApiKeyStore;
import org.markauth.access.Principal;

/**
 * Hostile input: at least 10,000 malformed, oversized, forged and injection-style requests
 * ({@link Hostile}), some on a raw socket; no 5xx, no crash, and a genuine code still verifies.
 */
final class HostileDrill implements Scenario {

    private final DrillOptions options;
    private final DrillReport report;
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final LongAdder transportErrors = new LongAdder();

    HostileDrill(DrillOptions options, DrillReport report) {
        this.options = options;
        this.report = report;
    }

    @Override
    public void run(DrillWorld world) throws Exception {
        int target = options.requests();
        int concurrency = options.concurrency().orElse(8);
        // bulk verification is an officer's tool: the batch cases carry a live officer key, and a revoked one is tried too
        ApiKeyStore keys = ApiKeyStore.create(world.session, Clock.systemUTC());
        String officer = keys.issue(Principal.officer("drill-officer")).toCompletableFuture().get();
        String revoked = keys.issue(Principal.officer("drill-officer-revoked")).toCompletableFuture().get();
        keys.revoke(revoked).toCompletableFuture().get();
        List<Hostile> cases = Hostile.cases(world.programme, world.product, world.batch, world.serials, officer, revoked);
        say(cases.size() + " hostile request kinds; sending " + target + " requests, " + concurrency + " in flight");
        Semaphore permits = new Semaphore(concurrency);
        Map<String, LongAdder> byKind = new ConcurrentHashMap<>();
        LongAdder rawSent = new LongAdder();
        SplittableRandom r = new SplittableRandom(99);
        List<String> fiveXX = Collections.synchronizedList(new ArrayList<>());
        long t0 = System.nanoTime();
        for (int i = 0; i < target; i++) {
            Hostile h = cases.get(i % cases.size());
            if (i > 0 && i % 1000 == 0) {
                say("progress: " + i + " sent; statuses so far " + new TreeMap<>(statuses) + ", 5xx kinds "
                        + List.copyOf(fiveXX).stream().map(x -> x.substring(0, x.indexOf(" -> "))).distinct().toList());
            }
            if (h.raw() != null) {
                // malformed HTTP on a raw socket: no client library would send it
                rawSent.increment();
                String status = raw(world.port, h.raw().apply(r));
                statuses.computeIfAbsent(status.startsWith("5") ? 500 : status.equals("closed") ? 0 : 400,
                        k -> new LongAdder()).increment();
                if (status.startsWith("5")) {
                    fiveXX.add(h.kind() + " -> " + status);
                }
                byKind.computeIfAbsent(h.kind(), k -> new LongAdder()).increment();
                continue;
            }
            permits.acquire();
            Hostile.Req q = h.req().apply(r);
            Future<DrillWorld.Reply> sent;
            try {
                sent = world.send(q.method(), q.uri(), q.headers(), q.body());
            } catch (RuntimeException refusedByClient) {
                sent = Future.failedFuture(refusedByClient);
            }
            // a request the server neither answers nor closes must not hold a permit forever
            sent.timeout(30, TimeUnit.SECONDS).onComplete(ar -> {
                if (ar.succeeded()) {
                    int s = ar.result().status();
                    statuses.computeIfAbsent(s, k -> new LongAdder()).increment();
                    if (s >= 500) {
                        fiveXX.add(h.kind() + " -> " + s + " " + ar.result().body().toString().substring(0,
                                Math.min(200, ar.result().body().length())));
                    }
                } else {
                    transportErrors.increment();
                }
                byKind.computeIfAbsent(h.kind(), k -> new LongAdder()).increment();
                permits.release();
            });
        }
        permits.acquire(concurrency);
        double secs = (System.nanoTime() - t0) / 1e9;
        long sent = statuses.values().stream().mapToLong(LongAdder::sum).sum() + transportErrors.sum();
        say(String.format("sent %d hostile requests (%d raw) in %.1f s; statuses %s; transport errors %d", sent,
                rawSent.sum(), secs, new TreeMap<>(statuses), transportErrors.sum()));
        say("by kind: " + new TreeMap<>(byKind));
        List.copyOf(fiveXX).stream().limit(10).forEach(s -> say("5xx: " + s));
        long fivexx = statuses.entrySet().stream().filter(e -> e.getKey() >= 500).mapToLong(e -> e.getValue().sum()).sum();
        DrillWorld.Reply genuine = world.get(world.uris[0]).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        String code = genuine.status() == 200 ? new JsonObject(genuine.body()).getString("code") : "HTTP " + genuine.status();
        report.figure("requests", sent);
        report.figure("kinds", cases.size());
        report.figure("http5xx", fivexx);
        report.figure("transport_errors", transportErrors.sum());
        report.figure("statuses", new TreeMap<>(statuses).toString().replace(" ", ""));
        report.check(sent >= 10_000, "at least 10,000 hostile requests sent (" + sent + ")");
        report.check(fivexx == 0, "zero 5xx answers (" + fivexx + ")");
        report.check(world.verify.isAlive(), "verify-api process still running");
        report.check("GENUINE".equals(code), "a genuine code still verifies GENUINE afterwards (" + code + ")");
        report.figure("verify_rss_mb", world.verify.rssMb());
    }

    /** Sends raw bytes, returns the status code of the answer, or "closed" when the server just closed. */
    private String raw(int port, byte[] bytes) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream o = s.getOutputStream();
            try {
                o.write(bytes);
                o.flush();
                s.shutdownOutput();
            } catch (IOException e) {
                return "closed";   // the server closed while we were still sending (too large)
            }
            InputStream in = s.getInputStream();
            byte[] head = in.readNBytes(12);
            String line = new String(head, StandardCharsets.ISO_8859_1);
            return line.startsWith("HTTP/1.") && line.length() >= 12 ? line.substring(9, 12) : "closed";
        } catch (IOException e) {
            transportErrors.increment();
            return "closed";
        }
    }
}
