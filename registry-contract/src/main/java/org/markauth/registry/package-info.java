/**
 * The data contract between mark-issuer (which writes the registry) and verify-api (which reads it).
 *
 * <p>The tables themselves are defined once, in the CQL migrations of the {@code ops} module
 * ({@code db/migration/V002__registry_and_marks.cql} and later); this package is their Java face: the
 * values the state columns may hold ({@link org.markauth.registry.UnitState},
 * {@link org.markauth.registry.BatchState}, {@link org.markauth.registry.LicenceStatus},
 * {@link org.markauth.registry.RangeKind}), the one rule that turns a unit's override and its batch's
 * ranges into its effective status ({@link org.markauth.registry.UnitStatus#effective}), how a serial
 * is keyed in {@code marks} ({@link org.markauth.registry.MarkKey}), the change message both services
 * exchange ({@link org.markauth.registry.Invalidation}), the Geohash cells scans are stored in, and
 * the notification event both services write for the issuer's webhooks
 * ({@link org.markauth.registry.NotificationEvent}: types, JSON, hourly partitions).
 * A test reads the migrations and proves the enums name the same values as the column comments.
 *
 * <p>JDK only, by design (the build bans every dependency): both services, the test world and any
 * future tool can take it without taking a driver or a web stack.
 */
package org.markauth.registry;
