package org.openenos.rest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.openenos.error.OpenEnosException;
import org.openenos.model.Device;
import org.openenos.registry.DeviceService;
import org.springframework.stereotype.Component;

/**
 * Finds the device an API call names, by {@code assetId} or {@code productKey}+{@code deviceKey}, inside the
 * caller's organization only: a device of another organization is "not found", never "forbidden".
 */
@Component
public class DeviceLocator {
    private final DeviceService devices;

    public DeviceLocator(DeviceService devices) {
        this.devices = devices;
    }

    public Device find(String orgId, String assetId, String productKey, String deviceKey) {
        if (assetId != null && !assetId.isBlank()) {
            return devices.get(orgId, assetId);
        }
        if (productKey != null && deviceKey != null) {
            return devices.get(orgId, productKey, deviceKey);
        }
        throw OpenEnosException.badArgument("assetId, or productKey and deviceKey, are required");
    }

    /** Same as {@link #find}, or null when the call names no device (searches over the whole organization). */
    public Device findOptional(String orgId, String assetId, String productKey, String deviceKey) {
        boolean named = (assetId != null && !assetId.isBlank()) || (productKey != null && deviceKey != null);
        return named ? find(orgId, assetId, productKey, deviceKey) : null;
    }

    /** A time bound given as epoch milliseconds or ISO-8601 with an offset; null stays null. */
    public static Instant time(String field, Object value) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            return null;
        }
        if (value instanceof Number n) {
            return Instant.ofEpochMilli(n.longValue());
        }
        String text = value.toString().trim();
        try {
            return text.chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(text))
                    : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw OpenEnosException.badArgument(field + ": expected epoch milliseconds or ISO-8601 with an offset");
        }
    }
}
