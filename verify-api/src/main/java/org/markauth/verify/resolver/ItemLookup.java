package org.markauth.verify.resolver;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.markauth.http.ApiError;
import org.markauth.sdk.mark.Serial;
import org.markauth.verify.catalogue.Catalogue;
import org.markauth.verify.catalogue.CatalogueEntry;
import org.markauth.verify.registry.BatchView;
import org.markauth.verify.registry.RegistryReader;
import org.markauth.verify.web.ErrorCode;

/**
 * Finds what a Digital Link names: the GTIN in the public catalogue (certified products only, as
 * fresh as the catalogue's snapshot, at most a minute old), then the lot's batches or the serial's
 * batch ({@link UnitSearch}), then the batch and marks rows read afresh. A link naming nothing is a
 * failed future with NOT_FOUND and a sentence (GS1-Conformant Resolver Standard 1.x: an
 * identifier the resolver has no links for is 404 Not Found).
 */
final class ItemLookup {

    /** A lot's batches shown at most (newest first). */
    static final int LOT_BATCHES_SHOWN = 10;

    private final Catalogue catalogue;
    private final UnitSearch search;
    private final RegistryReader reader;

    ItemLookup(Catalogue catalogue, UnitSearch search, RegistryReader reader) {
        this.catalogue = catalogue;
        this.search = search;
        this.reader = reader;
    }

    Future<Item> find(DigitalLink dl) {
        return catalogue.byGtin(dl.gtin()).compose(p -> {
            if (p.isEmpty()) {
                return notFound("no certified product has the GTIN " + dl.gtin());
            }
            if (dl.cpv() != null) {
                return notFound("no consumer product variant (AI 22) is registered for the GTIN " + dl.gtin());
            }
            if (dl.serial() != null) {
                return unit(dl, p.get());
            }
            if (dl.lot() != null) {
                return lot(dl, p.get());
            }
            return Future.succeededFuture(new Item(dl, p.get(), List.of(), null));
        });
    }

    private Future<Item> unit(DigitalLink dl, CatalogueEntry p) {
        Serial s = dl.markSerial();
        if (s == null) {
            return notFound("'" + dl.serial() + "' is not a serial number this programme issues (13 characters A-Z, 2-7)");
        }
        return search.batchOf(p.licenseeId(), p.productId(), dl.lot(), s).compose(b -> {
            if (b.isEmpty()) {
                return notFound("no unit with the serial number " + dl.serial() + " is registered for the GTIN " + dl.gtin()
                        + (dl.lot() == null ? "" : " and the lot " + dl.lot()));
            }
            int id = b.get();
            var batch = reader.batch(id);
            var mark = reader.mark(id, s.value());
            return Future.all(batch, mark).compose(x -> batch.result().isEmpty() || mark.result().isEmpty()
                    ? notFound("the unit " + dl.serial() + " is no longer in the register")
                    : Future.succeededFuture(new Item(dl, p, List.of(batch.result().get()), mark.result().get())));
        });
    }

    private Future<Item> lot(DigitalLink dl, CatalogueEntry p) {
        return search.batches(p.licenseeId(), p.productId(), dl.lot()).compose(ids -> {
            if (ids.isEmpty()) {
                return notFound("no batch of the lot " + dl.lot() + " is registered for the GTIN " + dl.gtin());
            }
            List<Future<Optional<BatchView>>> reads = new ArrayList<>();
            ids.stream().limit(LOT_BATCHES_SHOWN).forEach(id -> reads.add(reader.batch(id)));
            return Future.all(reads).map(x -> new Item(dl, p, reads.stream().map(Future::result).flatMap(Optional::stream).toList(),
                    null));
        });
    }

    private static <T> Future<T> notFound(String what) {
        return Future.failedFuture(new ApiError(ErrorCode.NOT_FOUND, what));
    }
}
