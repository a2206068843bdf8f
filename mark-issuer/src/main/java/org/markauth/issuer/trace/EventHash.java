package org.markauth.issuer.trace;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * The CBV 2.0 event hash (GS1 CBV 2.0 section 8.9, "Event hash ID"). SKELETON on main while the
 * hash branch writes the algorithm: the signature is the contract, the body a stand-in.
 */
public final class EventHash {

    private EventHash() {
    }

    /**
     * The event's hash as {@code ni:///sha-256;<64 hex>?ver=CBV2.0}.
     *
     * @param event      one event of an EPCIS 2.0 JSON(-LD) document, as sent (any field order, CBV terms as
     *                   bare words, URNs or web URIs, EPCs as URNs or GS1 Digital Link URIs)
     * @param namespaces the document's @context prefixes (prefix -> namespace IRI) for extension fields
     */
    public static String of(JsonObject event, Map<String, String> namespaces) {
        JsonObject copy = event.copy();
        copy.remove("eventID");
        copy.remove("recordTime");
        copy.remove("errorDeclaration");
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(copy.encode().getBytes(StandardCharsets.UTF_8));
            return "ni:///sha-256;" + HexFormat.of().formatHex(d) + "?ver=CBV2.0";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
