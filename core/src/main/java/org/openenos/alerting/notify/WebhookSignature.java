package org.openenos.alerting.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature a webhook receiver checks: {@code sha256=} + hex HMAC-SHA256 with the rule's secret over
 * {@code <timestamp>.<body>}, where the timestamp (epoch ms) travels in its own header. Signing the timestamp with the
 * body lets a receiver refuse old deliveries replayed by someone who captured one.
 */
public final class WebhookSignature {
    public static final String SIGNATURE_HEADER = "X-OpenEnOS-Signature";
    public static final String TIMESTAMP_HEADER = "X-OpenEnOS-Timestamp";
    public static final String EVENT_HEADER = "X-OpenEnOS-Event";
    public static final String DELIVERY_HEADER = "X-OpenEnOS-Delivery";

    private WebhookSignature() {
    }

    public static String sign(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) '.');
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Constant-time check, as a receiver should do it. */
    public static boolean verify(String secret, String timestamp, String body, String signature) {
        return signature != null && MessageDigest.isEqual(sign(secret, timestamp, body)
                .getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8));
    }
}
