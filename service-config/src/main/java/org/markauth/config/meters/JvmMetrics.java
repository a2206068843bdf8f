package org.markauth.config.meters;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;

/**
 * The JVM's and the process's own meters (heap and pools, GC pauses, threads, CPU, open files,
 * loaded classes, uptime) in a service's Prometheus registry, beside its own meters: the heap alert
 * and the JVM panels in ops/observability read them. Micrometer's standard binders, so the names
 * are the usual ones ({@code jvm_memory_used_bytes}, {@code jvm_gc_pause_seconds},
 * {@code process_cpu_usage}, …). Bound once per serving process (verify-api's server, {@code issuer
 * serve}), not by every CLI command or test that wires the services. The GC binder listens to JMX
 * notifications until {@link #close}.
 */
public final class JvmMetrics implements AutoCloseable {

    private final JvmGcMetrics gc = new JvmGcMetrics();

    private JvmMetrics() {
    }

    public static JvmMetrics bindTo(MeterRegistry registry) {
        JvmMetrics m = new JvmMetrics();
        new JvmMemoryMetrics().bindTo(registry);
        m.gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return m;
    }

    @Override
    public void close() {
        gc.close();
    }
}
