package org.markauth.sdk.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.markauth.sdk.cli.MarkauthCli.CliException;

/**
 * The offline root's private key on disk: an Ed25519 key as PKCS#8 (RFC 8410), encrypted with
 * PBES2 (RFC 8018: PBKDF2-HMAC-SHA256, 600,000 iterations, 16-byte salt; AES-256-CBC) in a PEM
 * {@code ENCRYPTED PRIVATE KEY} block — the container {@code openssl pkey} reads, so the key can be
 * inspected or backed up with standard tools. The file is created owner-only and never overwritten.
 */
final class RootKeyFile {
    static final int ITERATIONS = 600_000;
    /** id-Ed25519, RFC 8410. */
    private static final ASN1ObjectIdentifier ID_ED25519 = new ASN1ObjectIdentifier("1.3.101.112");
    static final int MIN_PASSPHRASE = 12;
    private static final String BEGIN = "-----BEGIN ENCRYPTED PRIVATE KEY-----";
    private static final String END = "-----END ENCRYPTED PRIVATE KEY-----";

    private RootKeyFile() {
    }

    /** Writes the raw 32-byte Ed25519 private key, encrypted under the passphrase, to a new file. */
    static void write(Path file, byte[] ed25519Private, char[] passphrase) throws IOException {
        if (passphrase.length < MIN_PASSPHRASE) {
            throw new CliException("the root passphrase must be at least " + MIN_PASSPHRASE + " characters");
        }
        byte[] pkcs8 = null;
        byte[] key = null;
        try {
            pkcs8 = new PrivateKeyInfo(new AlgorithmIdentifier(ID_ED25519),
                    new DEROctetString(ed25519Private)).getEncoded("DER");
            SecureRandom rnd = new SecureRandom();
            byte[] salt = new byte[16];
            byte[] iv = new byte[16];
            rnd.nextBytes(salt);
            rnd.nextBytes(iv);
            key = derive(passphrase, salt, ITERATIONS);
            Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            byte[] enc = c.doFinal(pkcs8);
            PBES2Parameters pbes2 = new PBES2Parameters(
                    new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2, new PBKDF2Params(salt, ITERATIONS, 32,
                            new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE))),
                    new EncryptionScheme(NISTObjectIdentifiers.id_aes256_CBC, new DEROctetString(iv)));
            byte[] der = new EncryptedPrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, pbes2), enc).getEncoded("DER");
            String pem = BEGIN + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n" + END + "\n";
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, pem, StandardCharsets.US_ASCII);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new CliException("the root key file " + file + " already exists; the ceremony never overwrites a root key");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot encrypt the root key: " + e.getMessage(), e);
        } finally {
            if (pkcs8 != null) {
                Arrays.fill(pkcs8, (byte) 0);
            }
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    /** The raw 32-byte Ed25519 private key; the caller zeroes it. */
    static byte[] read(Path file, char[] passphrase) throws IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        int b = pem.indexOf(BEGIN);
        int e = pem.indexOf(END);
        if (b < 0 || e < b) {
            throw new CliException(file + " is not a PEM ENCRYPTED PRIVATE KEY (the file `markauth root init` writes)");
        }
        byte[] key = null;
        byte[] plain = null;
        try {
            EncryptedPrivateKeyInfo info = EncryptedPrivateKeyInfo.getInstance(
                    Base64.getMimeDecoder().decode(pem.substring(b + BEGIN.length(), e)));
            AlgorithmIdentifier alg = info.getEncryptionAlgorithm();
            if (!PKCSObjectIdentifiers.id_PBES2.equals(alg.getAlgorithm())) {
                throw new CliException(file + " is not encrypted with PBES2; re-create it with `markauth root init`");
            }
            PBES2Parameters p = PBES2Parameters.getInstance(alg.getParameters());
            PBKDF2Params kdf = PBKDF2Params.getInstance(p.getKeyDerivationFunc().getParameters());
            if (!PKCSObjectIdentifiers.id_PBKDF2.equals(p.getKeyDerivationFunc().getAlgorithm())
                    || !PKCSObjectIdentifiers.id_hmacWithSHA256.equals(kdf.getPrf().getAlgorithm())
                    || !NISTObjectIdentifiers.id_aes256_CBC.equals(p.getEncryptionScheme().getAlgorithm())) {
                throw new CliException(file + " uses a key derivation or cipher other than PBKDF2-HMAC-SHA256 with AES-256-CBC");
            }
            int iterations = kdf.getIterationCount().intValueExact();
            if (iterations < 100_000 || iterations > 10_000_000) {
                throw new CliException(file + " has " + iterations + " PBKDF2 iterations, outside 100,000 … 10,000,000");
            }
            key = derive(passphrase, kdf.getSalt(), iterations);
            byte[] iv = ASN1OctetString.getInstance(p.getEncryptionScheme().getParameters()).getOctets();
            Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
            plain = c.doFinal(info.getEncryptedData());
            PrivateKeyInfo pki = PrivateKeyInfo.getInstance(plain);
            if (!ID_ED25519.equals(pki.getPrivateKeyAlgorithm().getAlgorithm())) {
                throw new CliException(file + " does not hold an Ed25519 key");
            }
            byte[] raw = ASN1OctetString.getInstance(pki.parsePrivateKey()).getOctets();
            if (raw.length != 32) {
                throw new CliException(file + " holds an Ed25519 key of " + raw.length + " bytes, not 32");
            }
            return raw;
        } catch (BadPaddingException ex) {
            throw new CliException("wrong passphrase for " + file + " (or the file is damaged)");
        } catch (GeneralSecurityException | IllegalArgumentException | IllegalStateException | ArithmeticException ex) {
            // a wrong passphrase can also decrypt to bytes that are not a PKCS#8 structure
            throw new CliException("cannot open " + file + ": wrong passphrase, or not a root key file (" + ex.getClass().getSimpleName() + ")");
        } finally {
            if (key != null) {
                Arrays.fill(key, (byte) 0);
            }
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    private static byte[] derive(char[] passphrase, byte[] salt, int iterations) throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(passphrase, salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } finally {
            spec.clearPassword();
        }
    }
}
