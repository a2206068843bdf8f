package org.markauth.issuer.keys;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import org.markauth.sdk.crypto.KeyPairs;
import org.markauth.sdk.crypto.SignatureAlgorithm;

/**
 * Moves every sealed secret from one KEK to another (KEK rotation): the signing keys'
 * {@code encrypted_private_key}, the {@code issuer_secrets} rows (trust-list root key, serial
 * permutation key), the webhooks' HMAC secrets ({@code webhooks.secret}, V019) and the EPCIS query subscriptions'
 * signature tokens ({@code epcis_subscriptions.sealed_token}, V021).
 *
 * <p>Each secret is opened with the old KEK, checked (a private key must give its stored public
 * key), sealed under the new KEK, opened again with the new KEK and compared, and only then
 * written — with a lightweight transaction on the old ciphertext, so a row changed meanwhile is
 * reported instead of overwritten. One row is one write: a run that stops half-way leaves every
 * row either under the old KEK or under the new one, and the envelope names its KEK
 * ({@link Kek#sealedUnder}), so running again skips (after checking) what the first run moved.
 * A row that opens under neither KEK is reported and left as it is; the other rows still move.
 *
 * <p>Plaintexts are zeroed as soon as they are sealed again; nothing is logged. Calls block on
 * Cassandra.
 */
public final class KekReseal {

    /** What happened to one sealed secret. */
    public enum Outcome { RESEALED, ALREADY_UNDER_NEW_KEK, FAILED }

    /** One sealed secret's outcome: which one ({@code signing key 1a2b3c4d}), what happened and why. */
    public record Item(String secret, Outcome outcome, String detail) {
    }

    /** The run's outcomes, in table order. */
    public record Summary(String oldKek, String newKek, List<Item> items) {
        public long count(Outcome o) {
            return items.stream().filter(i -> i.outcome() == o).count();
        }

        /** True when every sealed secret is under the new KEK now. */
        public boolean complete() {
            return count(Outcome.FAILED) == 0;
        }
    }

    /** A sealed row as read: its label, the AAD it is bound to, its envelope, how to check and how to replace it. */
    private record Sealed(String label, byte[] aad, byte[] envelope, Check check, Replace replace) {
    }

    @FunctionalInterface
    private interface Check {
        /** {@code null} when the opened secret is what the row says it is, else why not. */
        String problem(byte[] plaintext);
    }

    @FunctionalInterface
    private interface Replace {
        /** Writes {@code fresh} if the row still holds {@code old}; false when it changed meanwhile. */
        boolean apply(byte[] old, byte[] fresh);
    }

    private final CqlSession session;
    private final PreparedStatement signingKeys;
    private final PreparedStatement replaceSigningKey;
    private final PreparedStatement secrets;
    private final PreparedStatement replaceSecret;
    private final PreparedStatement webhooks;
    private final PreparedStatement replaceWebhook;
    private final PreparedStatement subscriptions;
    private final PreparedStatement replaceSubscription;

    public KekReseal(CqlSession session) {
        this.session = session;
        this.signingKeys = session.prepare("SELECT key_id, algorithm, public_key, encrypted_private_key FROM signing_keys");
        this.replaceSigningKey = session.prepare(
                "UPDATE signing_keys SET encrypted_private_key = ? WHERE key_id = ? IF encrypted_private_key = ?");
        this.secrets = session.prepare("SELECT name, algorithm, public_part, encrypted FROM issuer_secrets");
        this.replaceSecret = session.prepare("UPDATE issuer_secrets SET encrypted = ? WHERE name = ? IF encrypted = ?");
        this.webhooks = session.prepare("SELECT owner, webhook_id, secret FROM webhooks");
        this.replaceWebhook = session.prepare("UPDATE webhooks SET secret = ? WHERE owner = ? AND webhook_id = ? IF secret = ?");
        this.subscriptions = session.prepare("SELECT owner, query_name, subscription_id, sealed_token FROM epcis_subscriptions");
        this.replaceSubscription = session.prepare("UPDATE epcis_subscriptions SET sealed_token = ? WHERE owner = ? AND query_name = ? "
                + "AND subscription_id = ? IF sealed_token = ?");
    }

    /**
     * Reseals everything under {@code newKek}; {@code progress} sees each outcome as it happens.
     *
     * @throws IllegalArgumentException when both KEKs are the same key
     */
    public Summary run(Kek oldKek, Kek newKek, Consumer<Item> progress) {
        if (oldKek.id().equals(newKek.id())) {
            throw new IllegalArgumentException("the old and the new KEK are the same key (" + oldKek.id()
                    + "); give the new KEK's reference as --new-kek");
        }
        List<Item> items = new ArrayList<>();
        for (Sealed s : sealedRows()) {
            Item item = reseal(s, oldKek, newKek);
            items.add(item);
            progress.accept(item);
        }
        return new Summary(oldKek.id(), newKek.id(), items);
    }

    private List<Sealed> sealedRows() {
        List<Sealed> out = new ArrayList<>();
        for (Row r : session.execute(signingKeys.bind())) {
            byte[] id = SecretStore.bytes(r.getByteBuffer("key_id"));
            String label = "signing key " + HexFormat.of().formatHex(id) + " (" + r.getString("algorithm") + ")";
            out.add(new Sealed(label, id, SecretStore.bytes(r.getByteBuffer("encrypted_private_key")),
                    publicKeyCheck(r.getString("algorithm"), SecretStore.bytes(r.getByteBuffer("public_key"))),
                    (old, fresh) -> session.execute(replaceSigningKey.bind(ByteBuffer.wrap(fresh), ByteBuffer.wrap(id),
                            ByteBuffer.wrap(old))).wasApplied()));
        }
        for (Row r : session.execute(secrets.bind())) {
            String name = r.getString("name");
            ByteBuffer pub = r.getByteBuffer("public_part");
            Check check = pub == null || !isSignatureAlgorithm(r.getString("algorithm")) ? p -> null
                    : publicKeyCheck(r.getString("algorithm"), SecretStore.bytes(pub));
            out.add(new Sealed("issuer secret " + name, SecretStore.aad(name), SecretStore.bytes(r.getByteBuffer("encrypted")), check,
                    (old, fresh) -> session.execute(replaceSecret.bind(ByteBuffer.wrap(fresh), name, ByteBuffer.wrap(old))).wasApplied()));
        }
        for (Row r : session.execute(webhooks.bind())) {
            String owner = r.getString("owner");
            java.util.UUID id = r.getUuid("webhook_id");
            // the AAD notify.Webhooks seals a webhook's secret with (that package depends on this one, not the reverse)
            byte[] aad = ("webhook:" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.add(new Sealed("webhook secret " + id, aad, SecretStore.bytes(r.getByteBuffer("secret")),
                    p -> p.length == 70 && new String(p, java.nio.charset.StandardCharsets.US_ASCII).startsWith("whsec_") ? null
                            : "the opened secret is not a webhook secret (whsec_ and 64 hex digits)",
                    (old, fresh) -> session.execute(replaceWebhook.bind(ByteBuffer.wrap(fresh), owner, id, ByteBuffer.wrap(old))).wasApplied()));
        }
        for (Row r : session.execute(subscriptions.bind())) {
            if (r.getByteBuffer("sealed_token") == null) {
                continue;                                   // a subscription without a signatureToken
            }
            String owner = r.getString("owner");
            String query = r.getString("query_name");
            java.util.UUID id = r.getUuid("subscription_id");
            // the AAD trace.query.Subscriptions seals a signatureToken with (that package depends on this one, not the reverse)
            byte[] aad = ("epcis-subscription:" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.add(new Sealed("EPCIS subscription token " + id, aad, SecretStore.bytes(r.getByteBuffer("sealed_token")),
                    p -> p.length > 0 && p.length <= 1024 ? null : "the opened secret is not a subscription's signatureToken",
                    (old, fresh) -> session.execute(replaceSubscription.bind(ByteBuffer.wrap(fresh), owner, query, id,
                            ByteBuffer.wrap(old))).wasApplied()));
        }
        return out;
    }

    private static boolean isSignatureAlgorithm(String name) {
        return Arrays.stream(SignatureAlgorithm.values()).anyMatch(a -> a.name().equals(name));
    }

    private static Check publicKeyCheck(String algorithm, byte[] publicKey) {
        return priv -> {
            try {
                return Arrays.equals(KeyPairs.publicKeyOf(SignatureAlgorithm.valueOf(algorithm), priv), publicKey) ? null
                        : "the opened private key does not give the stored public key";
            } catch (IllegalArgumentException e) {
                return "the opened private key is not a valid " + algorithm + " key: " + e.getMessage();
            }
        };
    }

    private static Item reseal(Sealed s, Kek oldKek, Kek newKek) {
        if (newKek.sealedThis(s.envelope())) {
            return verifiedUnderNew(s, newKek);
        }
        byte[] plain;
        try {
            plain = oldKek.open(s.envelope(), s.aad());
        } catch (KeyStoreException e) {
            String under = Kek.sealedUnder(s.envelope()).map(k -> "sealed under " + k).orElse("a version-1 envelope");
            return new Item(s.label(), Outcome.FAILED, "does not open with the old KEK " + oldKek.id() + " (" + under + "): "
                    + e.getMessage());
        }
        byte[] again = null;
        try {
            String problem = s.check().problem(plain);
            if (problem != null) {
                return new Item(s.label(), Outcome.FAILED, problem + "; left under the old KEK");
            }
            byte[] fresh = newKek.seal(plain, s.aad());
            again = newKek.open(fresh, s.aad());
            if (!Arrays.equals(again, plain)) {
                return new Item(s.label(), Outcome.FAILED, "the new envelope did not open to the same secret; left under the old KEK");
            }
            if (!s.replace().apply(s.envelope(), fresh)) {
                return new Item(s.label(), Outcome.FAILED, "the row changed while it was resealed (another run?); run again");
            }
            return new Item(s.label(), Outcome.RESEALED, "now under " + newKek.id());
        } finally {
            Arrays.fill(plain, (byte) 0);
            if (again != null) {
                Arrays.fill(again, (byte) 0);
            }
        }
    }

    private static Item verifiedUnderNew(Sealed s, Kek newKek) {
        byte[] plain;
        try {
            plain = newKek.open(s.envelope(), s.aad());
        } catch (KeyStoreException e) {
            return new Item(s.label(), Outcome.FAILED, "names the new KEK but does not open with it: " + e.getMessage());
        }
        try {
            String problem = s.check().problem(plain);
            return problem == null ? new Item(s.label(), Outcome.ALREADY_UNDER_NEW_KEK, "already under " + newKek.id() + ", checked")
                    : new Item(s.label(), Outcome.FAILED, problem);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }
}
