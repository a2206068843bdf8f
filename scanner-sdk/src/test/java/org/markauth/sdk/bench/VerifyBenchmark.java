package org.markauth.sdk.bench;

import java.util.concurrent.TimeUnit;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithID;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.PlainDSAEncoding;
import org.bouncycastle.crypto.signers.SM2Signer;
import org.markauth.sdk.TestKeys;
import org.markauth.sdk.crypto.MarkKeyPair;
import org.markauth.sdk.crypto.SignatureAlgorithm;
import org.markauth.sdk.mark.MarkContent;
import org.markauth.sdk.mark.MarkSigner;
import org.markauth.sdk.mark.Serial;
import org.markauth.sdk.mark.SignedMark;
import org.markauth.sdk.trust.TrustedKey;
import org.markauth.sdk.verify.OfflineVerifier;
import org.markauth.sdk.verify.Verdict;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The SDK's whole offline verification of a scanned URL (parse, base32, key lookup, signature,
 * verdict) against the bare Bouncy Castle verification of the same signature over the same bytes,
 * for each algorithm. PERFORMANCE.md target 4: SDK ≥ 0.8 × raw BC.
 *
 * <p>Each pair runs as a JMH <em>group</em>: the SDK method and its baseline run at the same time
 * on one thread each, so the load other processes put on this shared 2-core machine falls on both
 * alike and the ratio stays meaningful (run one after the other, a build starting in between skewed
 * the ratio by ±50%). Both threads verify independently; nothing is shared but immutable state.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class VerifyBenchmark {
    private OfflineVerifier verifier;
    private String edUrl;
    private String sm2Url;
    private byte[] edMessage;
    private byte[] edSignature;
    private Ed25519PublicKeyParameters edKey;
    private byte[] sm2Message;
    private byte[] sm2Signature;
    private ParametersWithID sm2Key;

    @Setup
    public void setUp() {
        MarkKeyPair ed = TestKeys.keyPair(SignatureAlgorithm.ED25519, 51);
        MarkKeyPair sm2 = TestKeys.keyPair(SignatureAlgorithm.SM2_SM3, 52);
        MarkContent c = new MarkContent(20260001, 3_000_000_123L, Serial.ofHex("9f3a61c2d4e5b708"));
        SignedMark edMark = MarkSigner.create(ed.algorithm(), ed.privateKey()).sign(c);
        SignedMark sm2Mark = MarkSigner.create(sm2.algorithm(), sm2.privateKey()).sign(c);
        verifier = OfflineVerifier.create(TestKeys.trustList(1,
                TrustedKey.active(ed.algorithm(), ed.publicKey(), TestKeys.T0),
                TrustedKey.active(sm2.algorithm(), sm2.publicKey(), TestKeys.T0)), OfflineVerifier.Options.defaults());
        edUrl = edMark.toUrl(TestKeys.HOST);
        sm2Url = sm2Mark.toUrl(TestKeys.HOST);
        edMessage = edMark.signatureInput();
        edSignature = edMark.signature();
        edKey = new Ed25519PublicKeyParameters(ed.publicKey(), 0);
        sm2Message = sm2Mark.signatureInput();
        sm2Signature = sm2Mark.signature();
        var x9 = CustomNamedCurves.getByName("sm2p256v1");
        ECDomainParameters domain = new ECDomainParameters(x9.getCurve(), x9.getG(), x9.getN(), x9.getH());
        sm2Key = new ParametersWithID(new ECPublicKeyParameters(x9.getCurve().decodePoint(sm2.publicKey()), domain),
                "1234567812345678".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        if (!verifier.verify(edUrl).isGenuine() || !verifier.verify(sm2Url).isGenuine() || !bcEd25519() || !bcSm2()) {
            throw new IllegalStateException("benchmark inputs do not verify");
        }
    }

    @Benchmark
    @Group("ed25519")
    @GroupThreads(1)
    public Verdict sdkEd25519() {
        return verifier.verify(edUrl);
    }

    /** Raw BC: the lightweight Ed25519Signer over the same 37-byte signature input. */
    @Benchmark
    @Group("ed25519")
    @GroupThreads(1)
    public boolean bcEd25519() {
        Ed25519Signer s = new Ed25519Signer();
        s.init(false, edKey);
        s.update(edMessage, 0, edMessage.length);
        return s.verifySignature(edSignature);
    }

    @Benchmark
    @Group("sm2")
    @GroupThreads(1)
    public Verdict sdkSm2() {
        return verifier.verify(sm2Url);
    }

    /** Raw BC: SM2Signer on the CustomNamedCurves sm2p256v1 curve, same message and signature. */
    @Benchmark
    @Group("sm2")
    @GroupThreads(1)
    public boolean bcSm2() {
        SM2Signer s = new SM2Signer(PlainDSAEncoding.INSTANCE);
        s.init(false, sm2Key);
        s.update(sm2Message, 0, sm2Message.length);
        return s.verifySignature(sm2Signature);
    }
}
