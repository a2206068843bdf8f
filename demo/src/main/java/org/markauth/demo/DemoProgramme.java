package org.markauth.demo;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.markauth.access.ApiKeyStore;
import org.markauth.access.Principal;
import org.markauth.access.Role;
import org.markauth.access.Scope;
import org.markauth.issuer.app.IssuerServices;
import org.markauth.issuer.batch.Batch;
import org.markauth.issuer.batch.BatchOrder;
import org.markauth.issuer.clones.Blocks;
import org.markauth.issuer.keys.OfficerAreas;
import org.markauth.issuer.print.PrintFormat;
import org.markauth.issuer.recall.Recalls;
import org.markauth.registry.LicenceStatus;
import org.markauth.issuer.registry.Licensee;
import org.markauth.issuer.registry.Product;
import org.markauth.issuer.registry.Uscc;
import org.markauth.sdk.crypto.KeyPairs;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.mark.MarkCodec;
import org.markauth.sdk.mark.MarkContent;
import org.markauth.sdk.mark.MarkSigner;
import org.markauth.sdk.mark.ParseResult;
import org.markauth.sdk.mark.Serial;
import org.markauth.sdk.mark.SignedMark;
import org.markauth.sdk.trust.KeyStatus;
import org.markauth.verify.rules.AlertRows;
import org.markauth.verify.rules.Rule;
import org.markauth.verify.rules.RuleHit;

/**
 * The demo programme: the Foshan ceramics certification programme with two licensees, three
 * certified products (GB/T 4100 tiles, GB/T 6952 sanitary ware), a batch of 200 marks of which
 * 180 are activated, a second batch recalled with a notice, a third product whose licence is
 * suspended, and two forged codes. Everything goes through the issuer's own services as the
 * regulator, exactly the code paths behind {@code issuer ...} CLI commands and the HTTP API.
 * The result is a {@link DemoState}: the scanned URLs per expected verdict, credentials, print files.
 */
final class DemoProgramme {

    /** The marker: when this licensee exists the keyspace holds a seeded demo. */
    static final String LICENSEE_TILES = "FS-JINTAO";
    static final String LICENSEE_SANITARY = "FS-HUAYU";
    static final int PRODUCT_TILE = 20260001;
    static final int PRODUCT_WALL_TILE = 20260002;
    static final int PRODUCT_TOILET = 20260003;
    static final int PRODUCT_BASIN = 20260004;
    /** The main batch's unit whose code the demo's counterfeiter copied; the office blocked it. */
    static final int CLONED_UNIT = 150;
    static final int MAIN_QUANTITY = 200;
    static final int MAIN_ACTIVATED = 180;
    /** The main batch's unit the demo's alert is about (an activated unit, not the blocked clone). */
    static final int WORKED_UNIT = 160;
    /** The demo officer's area: Guangdong (ISO 3166-2 CN-44), as verify-api names the region of Foshan's scans. */
    static final String OFFICER_AREA = "CN-44";
    static final int ZIP_UNITS = 20;
    static final int PDF_UNITS = 40;

    private final IssuerServices s;
    private final Principal regulator = Principal.regulator("demo-seed");

    DemoProgramme(IssuerServices s) {
        this.s = s;
    }

    static boolean seeded(IssuerServices s) {
        return s.registry.findLicensee(LICENSEE_TILES).isPresent();
    }

    DemoState seed(Path printDir) throws IOException {
        DemoState st = new DemoState();
        if (s.keys.keys().stream().noneMatch(k -> k.status() == KeyStatus.ACTIVE)) {
            s.keys.rotate(regulator, SignatureAlgorithm.ED25519);
        }
        var root = s.keys.root();
        st.put("trust.root", root.algorithm().name() + ":" + java.util.HexFormat.of().formatHex(root.publicKey()));

        // GB 32100 codes: 9 (industry and commerce) 1 (enterprise), Nanhai / Chancheng district, then
        // an organisation code; the check character is computed as the issuer validates it.
        s.registry.createLicensee(regulator, new Licensee.Details(LICENSEE_TILES, "佛山市南海区金陶陶瓷有限公司",
                "Foshan Nanhai Jintao Ceramics Co., Ltd.", Uscc.withCheckCharacter("91440605MA4W1K2X3"),
                "广东省佛山市南海区狮山镇陶瓷工业园8号", Map.of("质量负责人", "陈志强", "电话", "0757-8668 1234")));
        s.registry.createLicensee(regulator, new Licensee.Details(LICENSEE_SANITARY, "佛山市禅城区华宇卫浴有限公司",
                "Foshan Chancheng Huayu Sanitary Ware Co., Ltd.", Uscc.withCheckCharacter("91440604MA51R7T2Y"),
                "广东省佛山市禅城区南庄镇华夏路18号", Map.of("质量负责人", "黄丽", "电话", "0757-8270 5678")));

        product(PRODUCT_TILE, LICENSEE_TILES, "瓷质抛光砖 600×600", "Porcelain polished tile 600×600", "JT-P6601", "陶瓷砖",
                "GB/T 4100-2015", "陶瓷砖", indicators("吸水率", "E ≤ 0.5%", "破坏强度", "≥ 1300 N", "断裂模数", "≥ 35 MPa",
                        "放射性", "A类（内照射指数 ≤ 1.0）"));
        product(PRODUCT_WALL_TILE, LICENSEE_TILES, "釉面内墙砖 300×600", "Glazed wall tile 300×600", "JT-W3602", "陶瓷砖",
                "GB/T 4100-2015", "陶瓷砖", indicators("吸水率", "E > 10%", "破坏强度", "≥ 600 N", "抗釉裂性", "经试验应无釉裂"));
        product(PRODUCT_TOILET, LICENSEE_SANITARY, "节水型连体坐便器", "Water-saving one-piece toilet", "HY-C3380", "卫生陶瓷",
                "GB/T 6952-2015", "卫生陶瓷", indicators("吸水率", "≤ 0.5%", "用水量", "≤ 5.0 L（节水型）", "冲洗功能", "球排放 100 个，≥ 90 个"));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Instant from = today.minusDays(90).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant until = today.plusYears(3).atStartOfDay(ZoneOffset.UTC).toInstant();
        s.registry.grantLicence(regulator, PRODUCT_TILE, "CQM-FS-2026-0001", from, until, "demo: certified after type test");
        s.registry.grantLicence(regulator, PRODUCT_WALL_TILE, "CQM-FS-2026-0002", from, until, "demo: certified after type test");
        s.registry.grantLicence(regulator, PRODUCT_TOILET, "CQM-FS-2026-0003", from, until, "demo: certified after type test");
        product(PRODUCT_BASIN, LICENSEE_SANITARY, "台下式洗面器", "Under-counter wash basin", "HY-B5040", "卫生陶瓷",
                "GB/T 6952-2015", "卫生陶瓷", indicators("吸水率", "≤ 0.5%", "耐荷重性", "无变形、无破损"));
        s.registry.grantLicence(regulator, PRODUCT_BASIN, "CQM-FS-2026-0004", from, until, "demo: certified after type test");
        // the standards registry and the year's random inspection, while every licence is still active (DemoStandards)
        new DemoStandards(s).seed(st);

        // The main batch: 200 marks, 180 activated as the line reported them printed.
        Batch main = order(PRODUCT_TILE, MAIN_QUANTITY, "2026-11-A01", productionDay(s.clock.instant()), "FS-LINE-1", "demo-main");
        s.activation.activateRange(regulator, main.batchId(), 1, MAIN_ACTIVATED);
        List<String> mainUrls = urls(main, 1, MAIN_QUANTITY);
        st.url("GENUINE", mainUrls.get(0));
        st.url("GENUINE", mainUrls.get(1));
        st.url("NOT_ACTIVATED", mainUrls.get(MAIN_QUANTITY - 1));
        st.put("batch.main", Integer.toString(main.batchId()));
        st.put("batch.main.lot", main.lot());

        // A recalled lot: the wall tiles of lot 2026-10-B07 failed a market surveillance check.
        Batch recalled = order(PRODUCT_WALL_TILE, 50, "2026-10-B07", today.minusDays(30), "FS-LINE-2", "demo-recalled");
        s.activation.activateRange(regulator, recalled.batchId(), 1, 50);
        s.recalls.recallLot(regulator, PRODUCT_WALL_TILE,
                recalled.lot(), "国家监督抽查：破坏强度不合格",
                "金陶陶瓷召回 2026-10-B07 批次釉面内墙砖（300×600）。请停止铺贴并联系经销商免费更换，咨询电话 400-800-1234。");
        st.url("RECALLED", urls(recalled, 1, 1).get(0));
        st.put("batch.recalled", Integer.toString(recalled.batchId()));

        // A suspended licence: marks made while licensed, then the licence suspended.
        Batch toilets = order(PRODUCT_TOILET, 20, "2026-11-C02", today.minusDays(10), "HY-LINE-1", "demo-suspended");
        s.activation.activateRange(regulator, toilets.batchId(), 1, 20);
        String suspended = urls(toilets, 1, 1).get(0);   // read before the suspension: the gate then refuses print files
        s.registry.changeLicenceStatus(regulator, PRODUCT_TOILET, LicenceStatus.SUSPENDED,
                "监督检查发现用水量超标，责令整改");
        st.url("LICENCE_SUSPENDED", suspended);

        // An expired licence: basins made under a valid licence, which then lapsed without renewal.
        Batch basins = order(PRODUCT_BASIN, 20, "2026-10-D03", today.minusDays(40), "HY-LINE-2", "demo-expired");
        s.activation.activateRange(regulator, basins.batchId(), 1, 20);
        String expired = urls(basins, 1, 1).get(0);
        s.registry.changeLicenceStatus(regulator, PRODUCT_BASIN, LicenceStatus.EXPIRED, "许可证有效期届满，企业未申请续期");
        st.url("LICENCE_EXPIRED", expired);

        // A cloned code: a genuine tile's code found copied onto fakes in a market check; the office blocked it.
        String cloned = mainUrls.get(CLONED_UNIT - 1);
        new Blocks(s.session, s.changes, s.clock).block(regulator, main.batchId(), serial(cloned),
                "demo: 市场检查发现该码被复制到仿冒瓷砖上", null);
        st.url("CLONED", cloned);

        forgeries(st, mainUrls.get(2), main);
        credentials(st);
        officerWork(st, main, mainUrls.get(WORKED_UNIT - 1));
        printFiles(st, main, printDir);
        new DemoManufacturer(s).seed(st, main, printDir.getParent(), printDir);
        new DemoGs1(s).seed(st, printDir);
        new DemoTargets(s).seed(st);
        new DemoCredit(s).seed(st);
        new DemoComplaints(s).seed(st, main.batchId());
        new DemoCertificate(s).seed(st, printDir);
        new DemoCertification(s).seed(st);
        return st;
    }

    /**
     * The main batch's production date: the seed's own day in China Standard Time, the zone the
     * consumer page shows dates in. Its units are commissioned ("made" in the trace) during the seed,
     * so an earlier date (it was today - 3) put production days before the first trace event.
     */
    static LocalDate productionDay(Instant seededAt) {
        return LocalDate.ofInstant(seededAt, java.time.ZoneId.of("Asia/Shanghai"));
    }

    private void product(int id, String licensee, String name, String nameEn, String model, String category, String standardNo,
                         String standardTitle, Map<String, String> indicators) {
        s.registry.createProduct(regulator, new Product.Details(id, licensee, name, nameEn, model, category, null, standardNo,
                standardTitle, indicators, List.of(), Set.of("CN")));
    }

    private static Map<String, String> indicators(String... nameValue) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put(nameValue[i], nameValue[i + 1]);
        }
        return m;
    }

    private Batch order(int product, int quantity, String lot, LocalDate made, String line, String key) {
        Batch b = s.batches.order(regulator, new BatchOrder(product, quantity, lot, made, null, line, key)).batch();
        s.batches.issue(b, null, (done, total) -> { });
        return s.batches.find(b.batchId());
    }

    private List<String> urls(Batch b, int from, int to) throws IOException {
        return urls(s, regulator, b, from, to);
    }

    /** The scanned URLs of units {@code from..to}, in print order, from the batch's CSV work order. */
    static List<String> urls(IssuerServices s, Principal p, Batch b, int from, int to) throws IOException {
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        PrintFormat.CSV.write(s.batches, p, b, from, to, csv);
        return csv.toString(StandardCharsets.US_ASCII).lines().skip(1).map(l -> l.substring(l.lastIndexOf(',') + 1)).toList();
    }

    /**
     * Two fakes a counterfeiter could make: a well-formed code signed with their own key (not in the
     * trust list), and a genuine signature copied onto another serial (the signature no longer matches).
     */
    private void forgeries(DemoState st, String genuineUrl, Batch main) {
        MarkCodec codec = MarkCodec.create(List.of(host(genuineUrl)));
        SignedMark genuine = ((ParseResult.Parsed) codec.parse(genuineUrl)).mark();
        MarkKeyPair pair = KeyPairs.generate(SignatureAlgorithm.ED25519);
        MarkSigner signer = MarkSigner.create(SignatureAlgorithm.ED25519, pair.privateKey());
        try {
            SignedMark fake = signer.sign(new MarkContent(PRODUCT_TILE, main.batchId(), new Serial(0x5EED_0000_0000_0001L)));
            st.url("UNKNOWN_KEY", fake.toUrl(host(genuineUrl)));
        } finally {
            signer.destroy();
            pair.destroy();
        }
        MarkContent c = genuine.content();
        SignedMark tampered = new SignedMark(new MarkContent(c.productId(), c.batchId(), new Serial(c.serial().value() ^ 1L), c.gtin()),
                genuine.algorithm(), genuine.keyId(), genuine.signature());
        st.url("FORGED", tampered.toUrl(host(genuineUrl)));
    }

    private static long serial(String url) {
        return ((ParseResult.Parsed) MarkCodec.create(List.of(host(url))).parse(url)).mark().content().serial().value();
    }

    private static String host(String url) {
        String rest = url.substring(url.indexOf("://") + 3);
        return rest.substring(0, rest.indexOf('/'));
    }

    private void credentials(DemoState st) {
        st.put("token.regulator", issue(Principal.regulator("demo-regulator")));
        st.put("token.officer", issue(new Principal("demo-officer", Role.OFFICER, Optional.empty())));
        st.put("token.manufacturer", issue(Principal.manufacturer("demo-jintao", LICENSEE_TILES)));
        // A second officer's key, revoked by its id after the officer's phone was lost: every route answers 401.
        Principal lost = new Principal("demo-officer-2", Role.OFFICER, Optional.empty());
        ApiKeyStore.Issued issued = s.apiKeys.issue(lost, Scope.ALL, null, "demo-seed");
        String id = issued.credential().id();
        s.changes.audit("demo-seed", "credential.issue", "credential:" + id, "OFFICER key " + issued.credential().keyPrefix()
                + " for " + lost.userId());
        String reason = "demo: officer's phone lost; key revoked";
        s.apiKeys.revokeById(id, "demo-regulator", reason);
        s.changes.audit("demo-regulator", "credential.revoke", "credential:" + id, "OFFICER key of " + lost.userId() + ": " + reason);
        st.put("token.revoked", issued.token());
        st.put("credential.revoked", id);
    }

    /**
     * The demo officer's work: an area (Guangdong, the region verify-api gives Foshan's scans) and one
     * open alert in it to take and answer in the officer app's work list. The alert is written with the
     * same rows verify-api's rules write ({@link AlertRows}); its evidence is the demo's story, not scans.
     */
    private void officerWork(DemoState st, Batch main, String url) {
        new OfficerAreas(s.session, s.apiKeys, s.changes, s.clock).set(Principal.regulator("demo-regulator"), "demo-officer",
                Set.of(OFFICER_AREA));
        RuleHit hit = new RuleHit(Rule.TOO_MANY_SCANS, true, "scanned 46 times by 31 distinct clients (limit 20)",
                new JsonObject().put("count", 46).put("clients", 31).put("limit", 20).put("demo", "seeded by ops/run"));
        s.session.execute(new AlertRows(s.session).open(main.productId(), main.licenseeId(), main.batchId(), serial(url), OFFICER_AREA, hit));
        st.put("officer.area", OFFICER_AREA);
        st.put("officer.alert.unit", Integer.toString(WORKED_UNIT));
    }

    private String issue(Principal p) {
        String token = s.apiKeys.issue(p).toCompletableFuture().join();
        s.changes.audit("demo-seed", "credential.issue", "user:" + p.userId(), p.role().name());   // nothing verification caches
        return token;
    }

    private void printFiles(DemoState st, Batch main, Path dir) throws IOException {
        Files.createDirectories(dir);
        String base = "batch-" + main.batchId();
        st.put("print.csv", write(dir.resolve(base + ".csv"), PrintFormat.CSV, main, MAIN_QUANTITY).toString());
        st.put("print.zip", write(dir.resolve(base + "-qr-1-" + ZIP_UNITS + ".zip"), PrintFormat.ZIP, main, ZIP_UNITS).toString());
        st.put("print.pdf", write(dir.resolve(base + "-labels-1-" + PDF_UNITS + ".pdf"), PrintFormat.PDF, main, PDF_UNITS).toString());
    }

    private Path write(Path file, PrintFormat format, Batch b, int to) throws IOException {
        try (OutputStream o = Files.newOutputStream(file)) {
            format.write(s.batches, regulator, b, 1, to, o);
        }
        return file;
    }
}
