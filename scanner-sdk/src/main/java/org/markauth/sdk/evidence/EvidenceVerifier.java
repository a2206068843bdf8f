package org.markauth.sdk.evidence;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.markauth.sdk.crypto.SignatureVerifier;
import org.markauth.sdk.trust.Delegation;
import org.markauth.sdk.trust.KeyUse;
import org.markauth.sdk.trust.TrustRoot;

/**
 * Checks an evidence package (docs/mark-format.md, section 15.5) against pinned programme roots and
 * says what holds and what does not. A bad package — changed, truncated, not a ZIP, hostile — is a
 * report with failed checks, never an exception (verdicts are values); exceptions are only for
 * misuse (no roots pinned).
 *
 * <pre>{@code
 * EvidenceReport r = EvidenceVerifier.verify(Files.readAllBytes(zip), pinnedRoots);
 * r.checks().forEach(c -> System.out.println((c.passed() ? "PASS " : "FAIL ") + c.name() + ": " + c.sentence()));
 * }</pre>
 *
 * <p>The archive is read in memory within fixed bounds ({@value #MAX_ENTRIES} entries,
 * {@value #MAX_ENTRY_BYTES} bytes uncompressed each, {@value #MAX_PACKAGE_BYTES} in all), nothing is
 * written to disk, and entry names are only compared, never used as paths. The archive must be its
 * entries back to back from its first byte, then a central directory listing exactly those entries
 * (name, CRC, size, offset): a ZIP read front to back (as here) and one read from its central
 * directory (as most tools do) then show the same files, so no tool shows a person other files than
 * the ones checked.
 */
public final class EvidenceVerifier {

    /** The checks, in the order they are reported. */
    public static final List<String> CHECKS = List.of("zip", "format", "delegation", "server-signature", "record-hash",
            "device-signature", "record", "identity", "photos", "files");
    public static final int MAX_ENTRIES = 100;
    public static final int MAX_ENTRY_BYTES = 10 * 1024 * 1024;
    /** Largest package, compressed or not (20 photos of 5 MiB, the record and a PDF fit). */
    public static final int MAX_PACKAGE_BYTES = 128 * 1024 * 1024;

    private static final Pattern PHOTO_NAME = Pattern.compile("photos/([0-9a-f]{64})\\.(jpg|png|webp)");
    private static final Set<String> FIXED_NAMES = Set.of(EvidencePackage.RECORD_ENTRY, EvidencePackage.EVIDENCE_ENTRY,
            EvidencePackage.PDF_ENTRY);

    private EvidenceVerifier() {
    }

    /** Reads a package from a stream (at most {@value #MAX_PACKAGE_BYTES} bytes are read) and checks it. */
    public static EvidenceReport verify(InputStream in, List<TrustRoot> roots) throws IOException {
        requireRoots(roots);
        byte[] b = in.readNBytes(MAX_PACKAGE_BYTES + 1);
        if (b.length > MAX_PACKAGE_BYTES) {
            return new Run(roots).fail("zip", "the file is larger than " + MAX_PACKAGE_BYTES + " bytes, more than any evidence package");
        }
        return verify(b, roots);
    }

    /** Checks a package held in memory. */
    public static EvidenceReport verify(byte[] zip, List<TrustRoot> roots) {
        requireRoots(roots);
        return new Run(roots).verify(zip);
    }

    private static void requireRoots(List<TrustRoot> roots) {
        if (roots == null || roots.isEmpty()) {
            throw new IllegalArgumentException("no programme root pinned: an evidence package is checked against pinned roots");
        }
    }

    /** One verification: the checks so far and what they established. */
    private static final class Run {
        private final List<TrustRoot> roots;
        private final List<EvidenceReport.Check> checks = new ArrayList<>();
        private Evidence evidence;
        private InspectionRecord record;

        Run(List<TrustRoot> roots) {
            this.roots = roots;
        }

        EvidenceReport fail(String check, String sentence) {
            add(check, false, sentence);
            return finish("the archive could not be read");
        }

        EvidenceReport verify(byte[] zip) {
            Map<String, byte[]> entries;
            try {
                entries = read(zip);
            } catch (Refused e) {
                return fail("zip", e.getMessage());
            }
            add("zip", true, "a ZIP archive of " + entries.size() + " entries within the limits, names safe and distinct");

            byte[] evidenceJson = entries.get(EvidencePackage.EVIDENCE_ENTRY);
            if (evidenceJson == null) {
                add("format", false, "evidence.json is missing");
            } else {
                try {
                    evidence = Evidence.parse(evidenceJson);
                    add("format", true, "evidence.json is " + Evidence.FORMAT + " with every member well-formed");
                } catch (IllegalArgumentException e) {
                    add("format", false, e.getMessage());
                }
            }

            Delegation delegation = null;
            if (evidence == null) {
                notChecked("delegation", "evidence.json could not be read");
            } else {
                try {
                    ByteBuffer b = ByteBuffer.wrap(evidence.delegation());
                    Delegation d = Delegation.read(b, roots, KeyUse.RECEIPT);
                    if (b.hasRemaining()) {
                        add("delegation", false, "the delegation has " + b.remaining() + " trailing bytes");
                    } else if (!d.covers(evidence.receivedAt())) {
                        add("delegation", false, "receivedAt " + evidence.receivedAt() + " is outside the server key's delegation ("
                                + d.validFrom() + " .. " + d.validUntil() + ")");
                    } else {
                        delegation = d;
                        add("delegation", true, "the server key " + d.keyId() + " is vouched for by pinned root " + d.rootKeyId()
                                + " for RECEIPT use, covering receivedAt " + evidence.receivedAt());
                    }
                } catch (IllegalArgumentException e) {
                    add("delegation", false, "the server key is not vouched for: " + e.getMessage());
                }
            }

            if (delegation == null) {
                notChecked("server-signature", "no server key vouched for by a pinned root");
            } else if (SignatureVerifier.create(delegation.algorithm(), delegation.publicKey())
                    .verify(evidence.signatureInput(), evidence.signature())) {
                add("server-signature", true, "instance " + evidence.instance() + " signed evidence.json with key " + delegation.keyId());
            } else {
                add("server-signature", false, "the server signature does not verify: evidence.json was changed after it was signed");
            }

            byte[] recordBytes = entries.get(EvidencePackage.RECORD_ENTRY);
            String recordHash = recordBytes == null ? null : HexFormat.of().formatHex(InspectionSignature.sha256(recordBytes));
            if (recordBytes == null) {
                add("record-hash", false, "record.json is missing");
            } else if (evidence == null) {
                notChecked("record-hash", "evidence.json could not be read");
            } else if (Arrays.equals(InspectionSignature.sha256(recordBytes), evidence.recordSha256())) {
                add("record-hash", true, "SHA-256 of record.json is " + recordHash + ", as evidence.json states");
            } else {
                add("record-hash", false, "SHA-256 of record.json is " + recordHash + ", but evidence.json states "
                        + HexFormat.of().formatHex(evidence.recordSha256()) + ": the record was changed");
            }

            if (recordBytes == null || evidence == null) {
                notChecked("device-signature", recordBytes == null ? "record.json is missing" : "evidence.json could not be read");
            } else {
                try {
                    if (InspectionSignature.verify(evidence.device().publicKey(), recordBytes, evidence.deviceSignature())) {
                        add("device-signature", true, "device " + InspectionSignature.deviceId(evidence.device().publicKey())
                                + " signed record.json (ECDSA P-256)");
                    } else {
                        add("device-signature", false, "the device signature does not verify over record.json: the record was changed "
                                + "after it was signed, or signed by another device");
                    }
                } catch (IllegalArgumentException e) {
                    add("device-signature", false, e.getMessage());
                }
            }

            if (recordBytes == null) {
                notChecked("record", "record.json is missing");
            } else {
                try {
                    record = InspectionRecord.parse(recordBytes);
                    add("record", true, "record.json is a valid " + InspectionRecord.FORMAT + " record: " + record.units().size()
                            + " units, " + record.photos().size() + " photos, " + record.seizures().size() + " seizures");
                } catch (IllegalArgumentException e) {
                    add("record", false, "record.json is not a valid " + InspectionRecord.FORMAT + " record: " + e.getMessage());
                }
            }

            identity();
            photos(entries);
            files(entries);
            return new EvidenceReport(checks, evidence, record);
        }

        private void identity() {
            if (record == null || evidence == null) {
                notChecked("identity", record == null ? "record.json could not be read" : "evidence.json could not be read");
                return;
            }
            String keyId = InspectionSignature.deviceId(evidence.device().publicKey());
            List<String> wrong = new ArrayList<>();
            if (!record.id().equals(evidence.recordId())) {
                wrong.add("the record's id is " + record.id() + ", evidence.json says " + evidence.recordId());
            }
            if (!evidence.device().id().equals(keyId)) {
                wrong.add("evidence.json's device id " + evidence.device().id() + " is not its key's id " + keyId);
            }
            if (!record.device().equals(keyId)) {
                wrong.add("the record names device " + record.device() + ", the signing key is device " + keyId);
            }
            if (!record.officer().equals(evidence.device().officer())) {
                wrong.add("the record names officer " + record.officer() + ", evidence.json says " + evidence.device().officer());
            }
            if (wrong.isEmpty()) {
                add("identity", true, "record " + record.id() + " of officer " + record.officer() + " on device " + keyId
                        + ", as evidence.json states");
            } else {
                add("identity", false, String.join("; ", wrong));
            }
        }

        private void photos(Map<String, byte[]> entries) {
            if (record == null) {
                notChecked("photos", "record.json could not be read");
                return;
            }
            List<String> wrong = new ArrayList<>();
            for (InspectionRecord.Photo p : record.photos()) {
                String name = EvidencePackage.PHOTO_DIRECTORY + p.sha256() + "." + p.extension();
                byte[] b = entries.get(name);
                if (b == null) {
                    wrong.add(name + " is missing");
                } else if (!HexFormat.of().formatHex(InspectionSignature.sha256(b)).equals(p.sha256())) {
                    wrong.add(name + " has SHA-256 " + HexFormat.of().formatHex(InspectionSignature.sha256(b)) + ": the photo was changed");
                } else if (b.length != p.bytes()) {
                    wrong.add(name + " is " + b.length + " bytes, the record lists " + p.bytes());
                }
            }
            if (wrong.isEmpty()) {
                add("photos", true, "all " + record.photos().size() + " photos the record lists are present with their SHA-256");
            } else {
                add("photos", false, String.join("; ", wrong));
            }
        }

        private void files(Map<String, byte[]> entries) {
            if (record == null) {
                notChecked("files", "record.json could not be read");
                return;
            }
            Set<String> listed = new java.util.HashSet<>(FIXED_NAMES);
            record.photos().forEach(p -> listed.add(EvidencePackage.PHOTO_DIRECTORY + p.sha256() + "." + p.extension()));
            List<String> extra = entries.keySet().stream().filter(n -> !listed.contains(n)).sorted().toList();
            if (extra.isEmpty()) {
                add("files", true, "no file besides the record, evidence.json, the listed photos"
                        + (entries.containsKey(EvidencePackage.PDF_ENTRY) ? " and evidence.pdf" : " (no evidence.pdf)"));
            } else {
                add("files", false, "files the record does not list: " + String.join(", ", extra));
            }
        }

        private void add(String name, boolean passed, String sentence) {
            checks.add(new EvidenceReport.Check(name, passed, sentence));
        }

        private void notChecked(String name, String why) {
            add(name, false, "not checked: " + why);
        }

        private EvidenceReport finish(String why) {
            for (String c : CHECKS) {
                if (checks.stream().noneMatch(k -> k.name().equals(c))) {
                    notChecked(c, why);
                }
            }
            return new EvidenceReport(checks, evidence, record);
        }
    }

    /** Reads the entries, refusing what a package never holds; entry names are compared, never used as paths. */
    private static Map<String, byte[]> read(byte[] zip) throws Refused {
        if (zip.length > MAX_PACKAGE_BYTES) {
            throw new Refused("the file is larger than " + MAX_PACKAGE_BYTES + " bytes, more than any evidence package");
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        List<long[]> sizes = new ArrayList<>();     // crc, size per entry, in order, for the central directory check
        List<String> names = new ArrayList<>();
        long total = 0;
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry e = z.getNextEntry(); e != null; e = z.getNextEntry()) {
                if (names.size() == MAX_ENTRIES) {
                    throw new Refused("the archive has more than " + MAX_ENTRIES + " entries");
                }
                String name = e.getName();
                String unsafe = unsafe(name);
                if (unsafe != null) {
                    throw new Refused("the archive holds an entry named '" + printable(name) + "': " + unsafe);
                }
                if (names.contains(name)) {
                    throw new Refused("the archive holds '" + name + "' twice");
                }
                byte[] b = z.readNBytes(MAX_ENTRY_BYTES + 1);
                if (b.length > MAX_ENTRY_BYTES) {
                    throw new Refused("the entry '" + name + "' is larger than " + MAX_ENTRY_BYTES + " bytes");
                }
                total += b.length;
                if (total > MAX_PACKAGE_BYTES) {
                    throw new Refused("the archive unpacks to more than " + MAX_PACKAGE_BYTES + " bytes");
                }
                z.closeEntry();
                names.add(name);
                sizes.add(new long[] {e.getCrc(), b.length});
                if (!(e.isDirectory() && name.equals(EvidencePackage.PHOTO_DIRECTORY))) {
                    entries.put(name, b);
                }
            }
        } catch (ZipException e) {
            throw new Refused("the file is not a readable ZIP archive: " + e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            throw new Refused("the file is not a readable ZIP archive: " + e.getMessage());
        }
        if (names.isEmpty()) {
            throw new Refused("the file is not a ZIP archive (no entry found)");
        }
        centralDirectory(zip, names, sizes);
        return entries;
    }

    /**
     * The names of the central directory, which most ZIP tools show, must be exactly the local entries
     * read here, in order, with the same CRC and size: otherwise a crafted archive could show a person
     * other files than the ones checked.
     */
    private static void centralDirectory(byte[] zip, List<String> names, List<long[]> sizes) throws Refused {
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int eocd = -1;
        for (int i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
            if (b.getInt(i) == 0x06054b50 && i + 22 + (b.getShort(i + 20) & 0xFFFF) == zip.length) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            throw new Refused("the file is not a complete ZIP archive (no end of central directory)");
        }
        int count = b.getShort(eocd + 10) & 0xFFFF;
        long offset = b.getInt(eocd + 16) & 0xFFFFFFFFL;
        if (count != names.size()) {
            throw new Refused("the archive's central directory lists " + count + " entries, its content holds " + names.size());
        }
        if (offset > eocd) {
            throw new Refused("the archive's central directory is damaged");
        }
        int p = (int) offset;
        long expected = 0;     // where the next entry must start: entries back to back from byte 0
        for (int i = 0; i < count; i++) {
            if (p + 46 > eocd || b.getInt(p) != 0x02014b50) {
                throw new Refused("the archive's central directory is damaged");
            }
            int flags = b.getShort(p + 8) & 0xFFFF;
            long crc = b.getInt(p + 16) & 0xFFFFFFFFL;
            long compressed = b.getInt(p + 20) & 0xFFFFFFFFL;
            long size = b.getInt(p + 24) & 0xFFFFFFFFL;
            int nameLength = b.getShort(p + 28) & 0xFFFF;
            int extra = b.getShort(p + 30) & 0xFFFF;
            int comment = b.getShort(p + 32) & 0xFFFF;
            long local = b.getInt(p + 42) & 0xFFFFFFFFL;
            if (p + 46 + nameLength > eocd) {
                throw new Refused("the archive's central directory is damaged");
            }
            String name = new String(zip, p + 46, nameLength, StandardCharsets.UTF_8);
            if (!name.equals(names.get(i)) || crc != sizes.get(i)[0] || size != sizes.get(i)[1] || local != expected) {
                throw new Refused("the archive's central directory does not match its entries at '" + printable(name)
                        + "' (a ZIP that would show other files to other tools)");
            }
            expected = afterEntry(b, local, compressed, flags, offset);
            p += 46 + nameLength + extra + comment;
        }
        if (expected != offset) {
            throw new Refused("the archive holds bytes between its last entry and its central directory");
        }
    }

    /** The offset just after the local entry at {@code local}: header, name, extra, data, data descriptor. */
    private static long afterEntry(ByteBuffer b, long local, long compressed, int flags, long limit) throws Refused {
        if (local + 30 > limit || b.getInt((int) local) != 0x04034b50) {
            throw new Refused("the archive's central directory points to no entry");
        }
        long end = local + 30 + (b.getShort((int) local + 26) & 0xFFFF) + (b.getShort((int) local + 28) & 0xFFFF) + compressed;
        if ((flags & 0x08) != 0) {          // a data descriptor follows, with or without its signature
            end += end + 4 <= limit && b.getInt((int) end) == 0x08074b50 ? 16 : 12;
        }
        if (end > limit) {
            throw new Refused("the archive's central directory points past its entries");
        }
        return end;
    }

    /** Why a name is refused, or {@code null} when it is a plain relative name. */
    private static String unsafe(String name) {
        if (name.isEmpty() || name.length() > 200) {
            return "an entry name is 1-200 characters";
        }
        if (name.startsWith("/") || name.contains("\\") || name.contains(":")) {
            return "absolute paths, backslashes and drive letters are refused";
        }
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                return "path traversal ('..' or '.') is refused";
            }
        }
        if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "control characters are refused";
        }
        if (name.endsWith("/") && !name.equals(EvidencePackage.PHOTO_DIRECTORY)) {
            return "directories other than photos/ are refused";
        }
        return null;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(200).forEach(c -> b.append(c < 0x20 || c == 0x7f ? "\\u" + String.format("%04x", c) : Character.toString(c)));
        return b.toString();
    }

    private static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }
}
