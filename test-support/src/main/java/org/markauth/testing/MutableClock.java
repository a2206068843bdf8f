package org.markauth.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock tests move by hand, for the services that take their time from a {@link Clock}:
 * standing still at a given instant, or {@link #ticking()} with the real time plus what was advanced.
 */
public final class MutableClock extends Clock {
    private final Clock base;
    private volatile Duration advanced = Duration.ZERO;

    public MutableClock(Instant now) {
        this(Clock.fixed(now, ZoneOffset.UTC));
    }

    private MutableClock(Clock base) {
        this.base = base;
    }

    /** Follows the real time; {@link #advance} moves it ahead of it. */
    public static MutableClock ticking() {
        return new MutableClock(Clock.systemUTC());
    }

    public synchronized void advance(Duration d) {
        advanced = advanced.plus(d);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return base.instant().plus(advanced);
    }
}
