package org.markauth.sdk.crypto;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.util.encoders.Hex;

/**
 * The SM2 recommended curve sm2p256v1 (GB/T 32918.5-2017) from Bouncy Castle's
 * {@code CustomNamedCurves}, whose field arithmetic is specialised (about 6x faster than the generic
 * {@code GMNamedCurves} instance), and the default user id of GM/T 0009-2012.
 */
final class Sm2Curve {
    static final X9ECParameters X9 = CustomNamedCurves.getByName("sm2p256v1");
    static final ECDomainParameters DOMAIN =
            new ECDomainParameters(X9.getCurve(), X9.getG(), X9.getN(), X9.getH(), X9.getSeed());
    /** GM/T 0009-2012 default distinguishing identifier, ASCII "1234567812345678". */
    static final byte[] DEFAULT_USER_ID = Hex.decodeStrict("31323334353637383132333435363738");

    private Sm2Curve() {
    }
}
