package org.openenos.connectivity;

import java.time.Instant;

/**
 * A device coming online or going offline. {@code transport} says how it is connected: {@code MQTT}, {@code MQTT+TLS},
 * {@code HTTP}, or {@code GATEWAY} for a sub-device logged in through its gateway (then {@code clientAddress} is the
 * gateway's).
 */
public record ConnectionEvent(String orgId, String assetId, String productKey, String deviceKey, Type type,
                              Instant time, String clientAddress, String transport) {
    public enum Type { ONLINE, OFFLINE }
}
