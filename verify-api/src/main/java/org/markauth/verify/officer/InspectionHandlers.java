package org.markauth.verify.officer;

import static org.markauth.http.RouteMetrics.named;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.http.ApiError;
import org.markauth.http.BearerAuth;
import org.markauth.sdk.evidence.InspectionRecord;
import org.markauth.sdk.evidence.InspectionSignature;
import org.markauth.verify.web.BoundedBody;
import org.markauth.verify.web.ErrorCode;
import org.markauth.verify.web.Guards;

/**
 * Device-signed inspection records (docs/api-verify.md, "Officer app"). {@code POST
 * /api/v1/officer/inspections} takes {@code {"record": "<the record's text>", "signature":
 * "<base64url r‖s>"}} and checks, in this order: the body and the record (400 naming the member),
 * that the record is the caller's (403), the device (unknown or another officer's: 403), the
 * signature under the device's key (422), whether the id is taken (the same bytes: 200 with the
 * first answer; other bytes: 409), the device not revoked (403), every listed photo uploaded
 * (409 naming those missing); then stores it ({@link InspectionStore}). A record accepted once stays
 * accepted: its resubmission is answered 200 even after its device was revoked, so a phone's queue
 * always drains. The lists, the record itself and its evidence package: an officer sees their own,
 * a regulator every one.
 *
 * <p>The record is read by the SDK's {@link InspectionRecord#parse} and its signature checked by
 * {@link InspectionSignature}, the code {@code markauth evidence verify} runs on a package: a record
 * this server accepts is one the package's verifier accepts. What is the server's own is the envelope
 * (a JSON string holding the record's text) and turning a refusal into {@code 400 BAD_RECORD}.
 */
public final class InspectionHandlers {

    /** The body: the record's text JSON-escaped inside the envelope (at most twice its 256 KiB, plus the signature). */
    static final int BODY_LIMIT = 2 * InspectionRecord.MAX_BYTES + 4096;
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    /** How far back the regulator's list of every officer's records looks. */
    static final int ALL_DAYS = 90;

    private final InspectionStore store;
    private final DeviceStore devices;
    private final OfficerPhotoStore photos;
    private final BearerAuth<Principal> auth;
    private final Clock clock;
    private final String instance;
    private final Optional<EvidencePackages> packages;

    /** {@code packages} is empty when no receipt key is configured ({@code verify.receipt.key}): no evidence packages then. */
    public InspectionHandlers(InspectionStore store, DeviceStore devices, OfficerPhotoStore photos, BearerAuth<Principal> auth,
                              Clock clock, String instance, Optional<EvidencePackages> packages) {
        this.packages = packages;
        this.store = store;
        this.devices = devices;
        this.photos = photos;
        this.auth = auth;
        this.clock = clock;
        this.instance = instance;
    }

    public void mount(Router r, Guards g) {
        named(r.post("/api/v1/officer/inspections"), "officer").handler(BoundedBody::pause).handler(g.authenticate())
                .handler(g.officer()).handler(new BoundedBody(BODY_LIMIT, () -> new ApiError(ErrorCode.BODY_TOO_LARGE,
                        Integer.toString(BODY_LIMIT)))).handler(this::submit);
        named(r.get("/api/v1/officer/inspections"), "officer").handler(g.authenticate()).handler(g.officer())
                .handler(this::list);
        named(r.get("/api/v1/officer/inspections/:id"), "officer").handler(g.authenticate()).handler(g.officer())
                .handler(this::show);
        named(r.get("/api/v1/officer/inspections/:id/evidence"), "officer").handler(g.authenticate()).handler(g.officer())
                .handler(this::evidence);
    }

    /** What the envelope held: the record's bytes and the signature. */
    private record Submission(byte[] bytes, byte[] signature, InspectionRecord record) {
    }

    void submit(RoutingContext ctx) {
        JsonObject body = OfficerJson.object(BoundedBody.body(ctx), ErrorCode.BAD_RECORD, "send {\"record\": \"<the record's text>\", \"signature\": \"<base64url>\"}");
        for (String k : body.fieldNames()) {
            if (!k.equals("record") && !k.equals("signature")) {
                throw new ApiError(ErrorCode.BAD_RECORD, "the envelope has an unknown member '" + clip(k) + "'; send only record and signature");
            }
        }
        if (!(body.getValue("record") instanceof String text)) {
            throw new ApiError(ErrorCode.BAD_RECORD, "record must be the record's JSON text, as a string");
        }
        byte[] signature = signature(body.getValue("signature"));
        Principal caller = auth.principal(ctx);
        ctx.vertx().executeBlocking(() -> {
            if (unpaired(text)) {
                throw new ApiError(ErrorCode.BAD_RECORD, "record has a lone surrogate: it is not the UTF-8 text that was signed");
            }
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            try {
                return new Submission(bytes, signature, InspectionRecord.parse(bytes));
            } catch (IllegalArgumentException e) {
                throw new ApiError(ErrorCode.BAD_RECORD, e.getMessage());
            }
        }, false).compose(s -> accept(s, caller))
                .onSuccess(a -> OfficerJson.send(ctx, a.status(), a.body()))
                .onFailure(e -> OfficerJson.fail(ctx, e));
    }

    private record Answer(int status, JsonObject body) {
    }

    private Future<Answer> accept(Submission s, Principal caller) {
        InspectionRecord r = s.record();
        if (!r.officer().equals(caller.userId())) {
            return Future.failedFuture(new ApiError(ErrorCode.NOT_YOUR_RECORD, clip(r.officer())));
        }
        UUID id = UUID.fromString(r.id());
        return devices.find(r.device()).compose(found -> {
            if (found.isEmpty()) {
                return Future.failedFuture(new ApiError(ErrorCode.DEVICE_UNKNOWN, r.device()));
            }
            DeviceStore.Device d = found.get();
            if (!d.officer().equals(caller.userId())) {
                return Future.failedFuture(new ApiError(ErrorCode.DEVICE_NOT_YOURS, d.id()));
            }
            if (!InspectionSignature.verify(d.spki(), s.bytes(), s.signature())) {
                return Future.failedFuture(new ApiError(ErrorCode.BAD_SIGNATURE, null));
            }
            return store.find(id).compose(stored -> {
                if (stored.isPresent()) {
                    return again(stored.get(), s);
                }
                if (d.revoked()) {
                    return Future.failedFuture(new ApiError(ErrorCode.DEVICE_REVOKED, d.id()));
                }
                return photosPresent(r).compose(v -> {
                    InspectionStore.Stored row = new InspectionStore.Stored(id, s.bytes(), s.signature(), Sha256.of(s.bytes()),
                            d.id(), caller.userId(), clock.instant().truncatedTo(ChronoUnit.SECONDS), instance, r.startedAt(),
                            r.units().size(), r.seizures().size(), r.photos().size());
                    return store.insert(row).compose(ins -> ins.created()
                            ? store.derive(ins.stored(), r).map(x -> new Answer(201, ins.stored().receipt()))
                            : again(ins.stored(), s));
                });
            });
        });
    }

    /** A resubmission of a stored id: the same bytes complete the derived rows (a retry after a crash) and get the first answer. */
    private Future<Answer> again(InspectionStore.Stored stored, Submission s) {
        if (!stored.sameBytes(s.bytes())) {
            return Future.failedFuture(new ApiError(ErrorCode.INSPECTION_CONFLICT, stored.id().toString()));
        }
        return store.derive(stored, s.record()).map(x -> new Answer(200, stored.receipt()));
    }

    /** Every listed photo uploaded, as listed (type and size); 409 naming the missing ones. */
    private Future<Void> photosPresent(InspectionRecord r) {
        if (r.photos().isEmpty()) {
            return Future.succeededFuture();
        }
        return photos.findAll(r.photos().stream().map(InspectionRecord.Photo::sha256).toList()).compose(found -> {
            Map<String, OfficerPhotoStore.StoredPhoto> byHash = new HashMap<>();
            found.forEach(p -> byHash.put(p.sha256(), p));
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < r.photos().size(); i++) {
                InspectionRecord.Photo ref = r.photos().get(i);
                OfficerPhotoStore.StoredPhoto p = byHash.get(ref.sha256());
                if (p == null) {
                    missing.add(ref.sha256());
                } else if (p.bytes() != ref.bytes() || !p.type().mediaType().equals(ref.type())) {
                    return Future.failedFuture(new ApiError(ErrorCode.BAD_RECORD, "photos[" + i + "] says " + ref.type() + ", "
                            + ref.bytes() + " bytes; the uploaded photo is " + p.type().mediaType() + ", " + p.bytes() + " bytes"));
                }
            }
            return missing.isEmpty() ? Future.succeededFuture()
                    : Future.failedFuture(new ApiError(ErrorCode.PHOTOS_MISSING, String.join(", ", missing)));
        });
    }

    private static byte[] signature(Object v) {
        if (v instanceof String s && s.matches("[A-Za-z0-9_-]{86}")) {
            byte[] b = Base64.getUrlDecoder().decode(s);
            if (b.length == 64) {
                return b;
            }
        }
        throw new ApiError(ErrorCode.BAD_RECORD, "signature must be the base64url (no padding) of the 64-byte r||s");
    }

    void list(RoutingContext ctx) {
        Principal p = auth.principal(ctx);
        String officer = ctx.request().getParam("officer");
        int limit = limit(ctx.request().getParam("limit"));
        Instant before = before(ctx.request().getParam("before"));
        Future<List<JsonObject>> rows;
        if (p.has(Role.REGULATOR)) {
            rows = officer == null ? store.all(limit, before, clock.instant(), ALL_DAYS) : store.byOfficer(officer, limit, before);
        } else {
            if (officer != null && !officer.equals(p.userId())) {
                throw new ApiError(ErrorCode.FORBIDDEN, null);
            }
            rows = store.byOfficer(p.userId(), limit, before);
        }
        rows.onSuccess(l -> OfficerJson.send(ctx, 200, new JsonObject().put("inspections", new JsonArray(new ArrayList<Object>(l)))))
                .onFailure(e -> OfficerJson.fail(ctx, e));
    }

    void show(RoutingContext ctx) {
        UUID id = id(ctx.pathParam("id"));
        Principal p = auth.principal(ctx);
        store.find(id).onSuccess(found -> {
            if (found.isEmpty() || !(p.has(Role.REGULATOR) || found.get().officer().equals(p.userId()))) {
                // another officer's record is not shown, nor said to exist
                ctx.fail(new ApiError(ErrorCode.NOT_FOUND, "inspection " + id));
                return;
            }
            InspectionStore.Stored s = found.get();
            OfficerJson.send(ctx, 200, s.receipt().put("officer", s.officer()).put("device", s.deviceId())
                    .put("instance", s.instance()).put("signature", Base64.getUrlEncoder().withoutPadding().encodeToString(s.signature()))
                    .put("record", new String(s.record(), StandardCharsets.UTF_8)));
        }).onFailure(e -> OfficerJson.fail(ctx, e));
    }

    /**
     * The evidence package (docs/mark-format.md §15.3) of a stored record, as {@code application/zip}:
     * the record's bytes as signed, its photos, evidence.json signed with this instance's receipt key,
     * the case-file PDF. Seen as the record is: another officer's is 404. No receipt key: 503
     * EVIDENCE_KEY_MISSING. A package that could not be made to verify (the key's delegation does not
     * cover the record's receivedAt; a stored record the SDK no longer reads): 409 EVIDENCE_REFUSED.
     */
    void evidence(RoutingContext ctx) {
        UUID id = id(ctx.pathParam("id"));
        Principal p = auth.principal(ctx);
        if (packages.isEmpty()) {
            throw new ApiError(ErrorCode.EVIDENCE_KEY_MISSING, null);
        }
        store.find(id).compose(found -> {
            if (found.isEmpty() || !(p.has(Role.REGULATOR) || found.get().officer().equals(p.userId()))) {
                return Future.failedFuture(new ApiError(ErrorCode.NOT_FOUND, "inspection " + id));
            }
            return store.evidence(id);
        }).compose(e -> {
            if (e.isEmpty()) {
                return Future.failedFuture(new ApiError(ErrorCode.NOT_FOUND, "inspection " + id));
            }
            return packages.get().build(ctx.vertx(), stored(e.get()));
        }).onSuccess(zip -> ctx.response().putHeader("Content-Type", "application/zip")
                .putHeader("Content-Disposition", "attachment; filename=\"inspection-" + id + ".zip\"")
                .putHeader("Cache-Control", "no-store").end(Buffer.buffer(zip)))
                .onFailure(e -> OfficerJson.fail(ctx, e instanceof IllegalArgumentException
                        ? new ApiError(ErrorCode.EVIDENCE_REFUSED, e.getMessage()) : e));
    }

    private static EvidencePackages.Stored stored(InspectionStore.Evidence e) {
        InspectionStore.Stored s = e.stored();
        Map<String, byte[]> photoBytes = new HashMap<>();
        e.photos().forEach((sha, photo) -> photoBytes.put(sha, photo.bytes()));
        return new EvidencePackages.Stored(s.record(), s.signature(), s.deviceId(), e.device().spki(), e.device().officer(),
                e.device().registeredAt(), s.receivedAt(), s.instance(), photoBytes);
    }

    /** True when {@code s} has a lone surrogate: it has no UTF-8 form, so it cannot be the text that was signed. */
    static boolean unpaired(String s) {
        try {
            StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(s));
            return false;
        } catch (CharacterCodingException e) {
            return true;
        }
    }

    static UUID id(String s) {
        if (s == null || !s.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            throw ErrorCode.badParameter("the inspection id must be a UUID");
        }
        return UUID.fromString(s);
    }

    private static int limit(String s) {
        if (s == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(s);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // the sentence below
        }
        throw ErrorCode.badParameter("limit must be 1-" + MAX_LIMIT);
    }

    private static Instant before(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            throw ErrorCode.badParameter("before must be an ISO-8601 time such as 2026-12-06T10:15:30Z");
        }
    }

    private static String clip(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
