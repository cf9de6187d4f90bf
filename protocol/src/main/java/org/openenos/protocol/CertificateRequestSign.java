package org.openenos.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a device signs to apply for or renew its own certificate over {@code /device-certificates/{pk}/{dk}} (ADR
 * 0053): the usual §1.2 sign with the device secret over product key, device key, timestamp, sign method, the
 * SHA-256 of the CSR and, for a renewal, the serial number of the certificate being renewed. Binding the CSR into
 * the sign means a captured request cannot be replayed with another key.
 */
public final class CertificateRequestSign {
    private CertificateRequestSign() {
    }

    public static Map<String, String> params(String productKey, String deviceKey, String timestamp, String signMethod,
                                             String csrPem, String certSn) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("productKey", productKey);
        params.put("deviceKey", deviceKey);
        params.put("timestamp", timestamp);
        params.put("signMethod", signMethod);
        params.put("csrSha256", sha256(csrPem == null ? "" : csrPem.strip()));
        if (certSn != null) {
            params.put("certSn", certSn);
        }
        return params;
    }

    /** The proof-of-possession algorithm for a renewal, signed with the current certificate's private key. */
    public static String proofAlgorithm(String keyAlgorithm) {
        return "RSA".equals(keyAlgorithm) ? "SHA256withRSA" : "SHA256withECDSA";
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks SHA-256", e);
        }
    }
}
