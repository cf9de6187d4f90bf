package org.openenos.protocol;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The MQTT clientId of an EnOS login: {@code <cid>|securemode=N,signmethod=m,timestamp=ts|} (reference §1.2).
 * {@code <cid>} may contain {@code {…}}, {@code ,} and {@code =} (Java SDK 2.x adds {@code {ip=…,version=…}}), so the
 * parameters are taken from the last {@code |…|} section and the signed cid is everything before the first {@code |}.
 */
public record LoginClientId(String cid, int secureMode, String signMethod, String timestamp) {

    public static Optional<LoginClientId> parse(String clientId) {
        if (clientId == null) {
            return Optional.empty();
        }
        int first = clientId.indexOf('|');
        if (first < 0) {
            return Optional.empty();
        }
        String tail = clientId.endsWith("|") && clientId.length() > first + 1
                ? clientId.substring(0, clientId.length() - 1) : clientId;
        String section = tail.substring(tail.lastIndexOf('|') + 1);
        Map<String, String> params = new HashMap<>();
        for (String pair : section.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(pair.substring(0, eq).trim().toLowerCase(Locale.ROOT), pair.substring(eq + 1).trim());
            }
        }
        String mode = params.get("securemode");
        if (mode == null || !params.containsKey("signmethod") || !params.containsKey("timestamp")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new LoginClientId(clientId.substring(0, first), Integer.parseInt(mode),
                    params.get("signmethod"), params.get("timestamp")));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The parameters the password signs: clientId (the cid part), deviceKey, productKey, timestamp. */
    public Map<String, String> signedParams(String productKey, String deviceKey) {
        return Map.of("clientId", cid, "deviceKey", deviceKey, "productKey", productKey, "timestamp", timestamp);
    }

    /**
     * The timestamp in epoch milliseconds. The Python SDK sends a float string ({@code 1700000000000.123}), so
     * fractions are accepted and truncated; empty when it is not a number.
     */
    public Optional<Long> timestampMillis() {
        try {
            return Optional.of(new BigDecimal(timestamp).longValue());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
