package org.markauth.issuer.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.markauth.issuer.IssuerException;
import org.markauth.issuer.IssuerFixture;
import org.markauth.sdk.crypto.KeyPairs;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.RawSigner;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.status.StatusListCodec;
import org.markauth.sdk.trust.Delegation;
import org.markauth.sdk.trust.KeyUse;
import org.markauth.sdk.trust.TrustListCodec;
import org.markauth.sdk.trust.TrustListDelegation;
import org.markauth.sdk.trust.TrustListStore;
import org.markauth.sdk.trust.TrustRoot;
import org.markauth.testing.MutableClock;

/**
 * The issuer with the programme root offline (issue 15 item 6) over the real Cassandra: nothing is
 * published before a delegation is imported, imports are checked, trust lists are signed by the
 * delegated key and verify under the pinned root only, the delegation rotates, and an expired one
 * stops publication before any key changes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OfflineRootIT {
    static final String PROGRAMME = "markauth-test";
    static final MarkKeyPair ROOT_PAIR = KeyPairs.generate(SignatureAlgorithm.ED25519);
    static final RawSigner ROOT = RawSigner.create(ROOT_PAIR.algorithm(), ROOT_PAIR.privateKey());
    static final TrustRoot PINNED = new TrustRoot(ROOT.algorithm(), ROOT.publicKey());
    static IssuerFixture fx;
    static SigningKeys keys;
    static MutableClock clock;
    static TrustListStore verifier;
    static SigningKeys.DelegationRequest first;

    @TempDir
    static java.nio.file.Path dir;

    @BeforeAll
    static void up() throws Exception {
        clock = new MutableClock(Instant.now());
        fx = new IssuerFixture("issuer_offline_root_it", IssuerFixture.PIPELINE, clock,
                new KeySettings(SignatureAlgorithm.ED25519, Duration.ofDays(730), IssuerFixture.HOST, List.of(), Duration.ofDays(1),
                        List.of(PINNED), PROGRAMME));
        keys = fx.services.keys;
        verifier = TrustListStore.open(dir.resolve("verifier"), List.of(PINNED), clock);
    }

    @AfterAll
    static void down() {
        fx.close();
    }

    static byte[] delegation(SigningKeys.DelegationRequest r, Instant from, Instant until, RawSigner by, String programme,
                             List<String> hosts) {
        return new TrustListDelegation(programme, List.of(TrustListDelegation.TRUST_LIST), hosts, r.algorithm(), r.trustListKey(),
                from, until).sign(by).document();
    }

    static byte[] delegation(SigningKeys.DelegationRequest r, Instant from, Instant until) {
        return delegation(r, from, until, ROOT, PROGRAMME, List.of(IssuerFixture.HOST));
    }

    static String code(IssuerException e) {
        return e.code();
    }

    static byte[] latest() {
        return keys.latestTrustListDocument().orElseThrow();
    }

    @Test
    @Order(1)
    void nothingIsSignedBeforeADelegationIsImportedAndTheRootIsNeverCreatedHere() {
        assertThatThrownBy(() -> keys.rotate("office-1", SignatureAlgorithm.ED25519)).isInstanceOfSatisfying(IssuerException.class,
                e -> assertThat(code(e)).isEqualTo("NO_TRUST_DELEGATION")).hasMessageContaining("issuer keys delegation-request");
        assertThat(keys.keys()).as("the refused rotation changed nothing").isEmpty();
        assertThat(keys.root()).isEqualTo(PINNED);
        assertThat(fx.ks.session().execute("SELECT name FROM issuer_secrets WHERE name = 'trust-root'").one()).isNull();
        assertThatThrownBy(() -> keys.newReceiptKey("office-1", Duration.ofDays(30))).isInstanceOfSatisfying(IssuerException.class,
                e -> assertThat(code(e)).isEqualTo("ROOT_OFFLINE"));
    }

    @Test
    @Order(2)
    void importsAreCheckedBeforeAnythingIsStored() {
        first = keys.delegationRequest("office-1");
        Instant now = clock.instant();
        MarkKeyPair otherRoot = KeyPairs.generate(SignatureAlgorithm.ED25519);
        byte[] foreign = delegation(first, now, now.plus(Duration.ofDays(90)), RawSigner.create(otherRoot.algorithm(),
                otherRoot.privateKey()), PROGRAMME, List.of(IssuerFixture.HOST));
        refused(foreign, "DELEGATION_REFUSED", "not pinned");
        String good = new String(delegation(first, now, now.plus(Duration.ofDays(90))), StandardCharsets.US_ASCII);
        // one letter of the scope changed after the root signed it
        refused(good.replace("\"hosts\":[\"M.", "\"hosts\":[\"N."), "DELEGATION_REFUSED", "DELEGATION_BAD_SIGNATURE");
        refused(delegation(first, now, now.plus(Duration.ofDays(90)), ROOT, "other-programme", List.of(IssuerFixture.HOST)),
                "DELEGATION_SCOPE", "other-programme");
        refused(delegation(first, now, now.plus(Duration.ofDays(90)), ROOT, PROGRAMME, List.of("OTHER.EXAMPLE.CN")),
                "DELEGATION_SCOPE", IssuerFixture.HOST);
        refused(delegation(first, now.minus(Duration.ofDays(90)), now.minus(Duration.ofDays(1))), "DELEGATION_EXPIRED", "ended");
        MarkKeyPair stranger = KeyPairs.generate(SignatureAlgorithm.ED25519);
        refused(new TrustListDelegation(PROGRAMME, List.of(TrustListDelegation.TRUST_LIST), List.of(IssuerFixture.HOST),
                stranger.algorithm(), stranger.publicKey(), now, now.plus(Duration.ofDays(9))).sign(ROOT).document(),
                "DELEGATION_UNKNOWN_KEY", "did not make");
        assertThat(keys.trustDelegations()).isEmpty();
    }

    private static void refused(Object doc, String code, String text) {
        byte[] bytes = doc instanceof String s ? s.getBytes(StandardCharsets.US_ASCII) : (byte[]) doc;
        assertThatThrownBy(() -> keys.importDelegation("office-1", bytes, null)).isInstanceOfSatisfying(IssuerException.class,
                e -> assertThat(code(e)).isEqualTo(code)).hasMessageContaining(text);
    }

    @Test
    @Order(3)
    void anImportedDelegationSignsTrustListsThatVerifyUnderThePinnedRootOnly() {
        Instant now = clock.instant();
        Delegation status = Delegation.issue(ROOT, KeyUse.STATUS, first.algorithm(), first.statusKey(), now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(90)));
        keys.importDelegation("office-1", delegation(first, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(90))),
                status.encode());
        TrustListCodec.Verified v = TrustListCodec.verify(latest(), List.of(PINNED));
        assertThat(v.delegation().delegation().keyId()).isEqualTo(org.markauth.sdk.crypto.KeyId.of(first.trustListKey()));
        assertThat(new String(latest(), StandardCharsets.US_ASCII)).startsWith("{\"format\":\"markauth-trust-list/2\"");
        SigningKey k = keys.rotate("office-1", SignatureAlgorithm.ED25519);
        assertThat(TrustListCodec.decodeAndVerify(latest(), List.of(PINNED)).key(k.keyId())).isPresent();
        verifier.update(latest());
        // the status list carries the imported STATUS delegation and verifies under the pinned root
        assertThat(fx.services.statusLists(Duration.ofMinutes(5)).publish()).isPresent();
        byte[] statusDoc = org.markauth.issuer.batch.BatchStore.bytes(fx.ks.session()
                .execute("SELECT full_document FROM status_lists WHERE list = 'current' LIMIT 1").one().getByteBuffer(0));
        assertThat(StatusListCodec.decodeAndVerify(statusDoc, List.of(PINNED)).delegation()).isEqualTo(status);
    }

    @Test
    @Order(4)
    void theDelegationRotatesToANewIssuerKeyAndVerifiersFollow() {
        Instant now = clock.instant();
        SigningKeys.DelegationRequest second = keys.delegationRequest("office-1");
        assertThat(second.trustListKey()).isNotEqualTo(first.trustListKey());
        assertThat(second.statusKey()).isEqualTo(first.statusKey());
        keys.importDelegation("office-1", delegation(second, now, now.plus(Duration.ofDays(120))), null);
        TrustListCodec.Verified v = TrustListCodec.verify(latest(), List.of(PINNED));
        assertThat(v.delegation().delegation().keyId()).isEqualTo(org.markauth.sdk.crypto.KeyId.of(second.trustListKey()));
        long before = verifier.current().orElseThrow().sequence();
        verifier.update(latest());
        assertThat(verifier.current().orElseThrow().sequence()).isGreaterThan(before);
        assertThat(keys.trustDelegations()).hasSize(2);
    }

    @Test
    @Order(5)
    void pastEveryDelegationNothingIsPublishedAndNoKeyChanges() {
        clock.advance(Duration.ofDays(121));
        int keysBefore = keys.keys().size();
        long seqBefore = TrustListCodec.decodeAndVerify(latest(), List.of(PINNED)).sequence();
        assertThatThrownBy(() -> keys.publishTrustList()).isInstanceOfSatisfying(IssuerException.class,
                e -> assertThat(code(e)).isEqualTo("TRUST_DELEGATION_EXPIRED")).hasMessageContaining("hold the root ceremony");
        assertThatThrownBy(() -> keys.rotate("office-1", SignatureAlgorithm.ED25519)).isInstanceOf(IssuerException.class);
        assertThat(keys.keys()).hasSize(keysBefore);
        assertThat(TrustListCodec.decodeAndVerify(latest(), List.of(PINNED)).sequence()).isEqualTo(seqBefore);
        // the status list is past its STATUS delegation (90 days) too
        assertThatThrownBy(() -> fx.services.statusLists(Duration.ofMinutes(5)).publish())
                .isInstanceOfSatisfying(IssuerException.class, e -> assertThat(code(e)).isEqualTo("NO_STATUS_DELEGATION"));
    }
}
