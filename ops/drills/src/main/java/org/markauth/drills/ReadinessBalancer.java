package org.markauth.drills;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a Kubernetes Service and its ingress do for a rollout, on loopback: round-robin over the instances
 * whose readiness probe passes, probed as the manifest says ({@link DeploySettings}: path, period, timeout,
 * out after N failures, in after one success). As on the platform, an instance that is being terminated
 * leaves the rotation when its endpoint is marked terminating, whatever its probe says, after a propagation
 * lag ({@link #terminating}); the preStop pause is what covers that lag. No retries: a request sent to an
 * instance that does not answer is a failed request, as through kube-proxy.
 */
final class ReadinessBalancer implements AutoCloseable {

    /** One instance behind the balancer. */
    static final class Backend {
        final String name;
        final int port;
        volatile boolean ready;
        volatile boolean terminating;
        private int failures;
        private volatile boolean probing;

        Backend(String name, int port) {
            this.name = name;
            this.port = port;
        }

        boolean inRotation() {
            return ready && !terminating;
        }

        @Override
        public String toString() {
            return name + "@" + port;
        }
    }

    /** The request the balancer sends to an instance: (port) -> the drill client's request to that port. */
    interface Sender {
        Future<DrillWorld.Reply> send(int port, HttpMethod method, String uri, Map<String, String> headers, Buffer body);
    }

    private final Vertx vertx;
    private final Sender sender;
    private final DeploySettings settings;
    private final List<Backend> backends = new CopyOnWriteArrayList<>();
    private final AtomicLong next = new AtomicLong();
    private final AtomicLong noBackend = new AtomicLong();
    private final long timer;

    ReadinessBalancer(Vertx vertx, Sender sender, DeploySettings settings) {
        this.vertx = vertx;
        this.sender = sender;
        this.settings = settings;
        this.timer = vertx.setPeriodic(1, settings.probePeriod().toMillis(), id -> backends.forEach(this::probe));
    }

    /** Adds an instance, out of rotation until its readiness probe passes. */
    Backend add(String name, int port) {
        Backend b = new Backend(name, port);
        backends.add(b);
        probe(b);
        return b;
    }

    /** Marks the instance's endpoint terminating after {@code lagMillis} (the platform's propagation), then drops it. */
    void terminating(Backend b, long lagMillis) {
        vertx.setTimer(Math.max(1, lagMillis), id -> {
            b.terminating = true;
            backends.remove(b);
            DrillReport.say("balancer: " + b + " out of rotation (endpoint terminating)");
        });
    }

    /** Waits (polling) until the instance is in rotation; false when {@code maxMillis} passed first. */
    boolean awaitInRotation(Backend b, long maxMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + maxMillis;
        while (!b.inRotation()) {
            if (System.currentTimeMillis() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** A request to the next instance in rotation; failed when there is none. */
    Future<DrillWorld.Reply> send(HttpMethod method, String uri, Map<String, String> headers, Buffer body) {
        Backend[] now = backends.toArray(new Backend[0]);
        for (int i = 0; i < now.length; i++) {
            Backend b = now[(int) Math.floorMod(next.getAndIncrement(), (long) now.length)];
            if (b.inRotation()) {
                return sender.send(b.port, method, uri, headers, body);
            }
        }
        noBackend.incrementAndGet();
        return Future.failedFuture("no " + settings.service() + " instance in rotation");
    }

    /** Requests that found no instance in rotation. */
    long noBackend() {
        return noBackend.get();
    }

    private void probe(Backend b) {
        if (b.probing || b.terminating) {
            return;
        }
        b.probing = true;
        sender.send(b.port, HttpMethod.GET, settings.readinessPath(), null, null)
                .timeout(settings.probeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .onComplete(ar -> {
                    b.probing = false;
                    boolean ok = ar.succeeded() && ar.result().status() >= 200 && ar.result().status() < 400;
                    if (ok) {
                        b.failures = 0;
                        if (!b.ready) {
                            b.ready = true;
                            DrillReport.say("balancer: " + b + " ready, in rotation");
                        }
                    } else if (++b.failures >= settings.failureThreshold() && b.ready) {
                        b.ready = false;
                        DrillReport.say("balancer: " + b + " failed readiness " + b.failures + " times, out of rotation ("
                                + (ar.succeeded() ? "HTTP " + ar.result().status() : ar.cause().getMessage()) + ")");
                    }
                });
    }

    @Override
    public void close() {
        vertx.cancelTimer(timer);
    }
}
