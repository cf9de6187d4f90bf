package org.openenos.ota;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Firmware download URLs a device can use without any other credential (ADR 0090): the path names the firmware, the
 * query the device and an expiry, and an HMAC-SHA256 under a server key signs all of them. A URL is good for that
 * device, that firmware, until it expires; another device's or organization's URL cannot be forged or widened.
 */
public final class DownloadLinks {
    /** Path of the download endpoint on the HTTP port (outside the authenticated service APIs). */
    public static final String PATH = "/ota-files/v1/";

    private final byte[] key;
    private final String baseUrl;
    private final Duration lifetime;
    private final Clock clock;

    public DownloadLinks(byte[] key, String baseUrl, Duration lifetime, Clock clock) {
        if (key.length < 32) {
            throw new IllegalArgumentException("the download key needs at least 32 bytes");
        }
        this.key = key.clone();
        this.baseUrl = baseUrl == null ? "" : baseUrl.replaceAll("/+$", "");
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** The URL for {@code firmware} and one device; relative to the HTTP address when no base URL is set. */
    public String url(Firmware firmware, String productKey, String deviceKey) {
        long expires = clock.instant().plus(lifetime).getEpochSecond();
        return baseUrl + PATH + firmware.firmwareId() + "?productKey=" + encode(productKey) + "&deviceKey="
                + encode(deviceKey) + "&expires=" + expires + "&signature="
                + signature(firmware.firmwareId(), productKey, deviceKey, expires);
    }

    /** True when the signature is the server's for exactly these values and the link has not expired. */
    public boolean verify(String firmwareId, String productKey, String deviceKey, long expires, String signature) {
        if (signature == null || expires < clock.instant().getEpochSecond()) {
            return false;
        }
        byte[] expected = signature(firmwareId, productKey, deviceKey, expires).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }

    private String signature(String firmwareId, String productKey, String deviceKey, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            // lengths first: no two different tuples give the same signed text
            String data = firmwareId.length() + ":" + firmwareId + productKey.length() + ":" + productKey
                    + deviceKey.length() + ":" + deviceKey + expires;
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
