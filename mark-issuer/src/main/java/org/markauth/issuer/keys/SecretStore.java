package org.markauth.issuer.keys;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Issuer secrets other than signing keys ({@code issuer_secrets}): the serial permutation key and
 * the trust-list root key. Each is sealed under the KEK with its name as AAD and created at most
 * once: two instances starting together race with IF NOT EXISTS and both end up with the winner's.
 */
public final class SecretStore {

    /** A secret as stored: algorithm label, public part (may be null), and the sealed private part. */
    public record Stored(String algorithm, byte[] publicPart, byte[] sealed) {
    }

    /** A freshly made secret: the private bytes are zeroed by the store after sealing. */
    public record Fresh(String algorithm, byte[] publicPart, byte[] secret) {
    }

    private final CqlSession session;
    private final Kek kek;
    private final Clock clock;
    private final PreparedStatement insert;
    private final PreparedStatement select;

    public SecretStore(CqlSession session, Kek kek, Clock clock) {
        this.session = session;
        this.kek = kek;
        this.clock = clock;
        this.insert = session.prepare("INSERT INTO issuer_secrets (name, algorithm, public_part, encrypted, created_at) "
                + "VALUES (?, ?, ?, ?, ?) IF NOT EXISTS");
        this.select = session.prepare("SELECT algorithm, public_part, encrypted FROM issuer_secrets WHERE name = ?");
    }

    /** The secret called {@code name}, created with {@code maker} if absent. */
    public Stored getOrCreate(String name, Supplier<Fresh> maker) {
        Optional<Stored> existing = find(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        Fresh f = maker.get();
        byte[] sealed;
        try {
            sealed = kek.seal(f.secret(), aad(name));
        } finally {
            Arrays.fill(f.secret(), (byte) 0);
        }
        session.execute(insert.bind(name, f.algorithm(), f.publicPart() == null ? null : ByteBuffer.wrap(f.publicPart()),
                ByteBuffer.wrap(sealed), clock.instant()));
        return find(name).orElseThrow(() -> new IllegalStateException("secret " + name + " vanished after insert"));
    }

    public Optional<Stored> find(String name) {
        Row r = session.execute(select.bind(name)).one();
        if (r == null) {
            return Optional.empty();
        }
        ByteBuffer pub = r.getByteBuffer("public_part");
        return Optional.of(new Stored(r.getString("algorithm"), pub == null ? null : bytes(pub), bytes(r.getByteBuffer("encrypted"))));
    }

    /** Decrypts a stored secret; the caller zeroes the result. */
    public byte[] open(String name, Stored s) {
        return kek.open(s.sealed(), aad(name));
    }

    /** A random 32-byte secret. */
    public static Fresh random32(String algorithm) {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return new Fresh(algorithm, null, k);
    }

    static byte[] aad(String name) {
        return ("issuer_secrets:" + name).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
