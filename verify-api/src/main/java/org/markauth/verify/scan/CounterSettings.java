package org.markauth.verify.scan;

import java.time.Duration;

/**
 * The shared scan counters' settings (see {@link ScanCounters}; keys in docs/verify-api.md).
 *
 * @param ttl   kept in Redis this long after a code's last scan ({@code verify.scan.counter-ttl})
 * @param sync  how often an instance adds its scans to Redis ({@code verify.scan.counter-sync})
 * @param fresh how long an instance uses a code's shared counters before asking Redis again; scans on
 *              other instances reach this one's rules within this time ({@code verify.scan.counter-fresh})
 */
public record CounterSettings(Duration ttl, Duration sync, Duration fresh) {
}
