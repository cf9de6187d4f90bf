package org.openenos.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The EnOS device sign (reference §1.2): hex(DIGEST(concat over sorted keys of key + value, then the secret)).
 * Used for MQTT CONNECT, sub-device login, topo add and HTTP login.
 */
public final class DeviceSigner {
    private DeviceSigner() {
    }

    /** The sign in lower-case hex. */
    public static String sign(Map<String, String> params, String secret, SignMethod method) {
        return digestHex(method.digestAlgorithm(), content(params) + secret);
    }

    /**
     * Checks a sign sent by a device. Hex case differs between SDKs, so the comparison ignores case; for an
     * {@code hmac…} method name a real HMAC keyed with the secret is also accepted (NODE's helper).
     */
    public static boolean verify(Map<String, String> params, String secret, String methodName, String sign) {
        if (sign == null || secret == null) {
            return false;
        }
        SignMethod method = SignMethod.parse(methodName).orElse(null);
        if (method == null) {
            return false;
        }
        byte[] given = sign.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        if (MessageDigest.isEqual(given, sign(params, secret, method).getBytes(StandardCharsets.US_ASCII))) {
            return true;
        }
        return SignMethod.namesHmac(methodName)
                && MessageDigest.isEqual(given, hmacHex(method, content(params), secret).getBytes(StandardCharsets.US_ASCII));
    }

    private static String content(Map<String, String> params) {
        StringBuilder content = new StringBuilder();
        new TreeMap<>(params).forEach((key, value) -> content.append(key).append(value == null ? "" : value));
        return content.toString();
    }

    private static String digestHex(String algorithm, String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks " + algorithm, e);
        }
    }

    private static String hmacHex(SignMethod method, String text, String secret) {
        try {
            Mac mac = Mac.getInstance(method.hmacAlgorithm());
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), method.hmacAlgorithm()));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks " + method.hmacAlgorithm(), e);
        }
    }
}
