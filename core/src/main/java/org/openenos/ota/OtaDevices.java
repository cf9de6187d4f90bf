package org.openenos.ota;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The devices an OTA job can target, with the firmware version each last reported. */
public interface OtaDevices {
    /** A device of a product, its tags and its reported firmware version (null before its first inform). */
    record OtaDevice(String orgId, String assetId, String productKey, String deviceKey, Map<String, String> tags,
                     String version) {
    }

    List<OtaDevice> ofProduct(String orgId, String productKey);

    /** Assets in the tree {@code treeId} of the organization at or under the node {@code assetId}. */
    java.util.Set<String> assetsInBranch(String orgId, String treeId, String assetId);

    /** One device with its tags and version. */
    Optional<OtaDevice> device(String assetId);

    /** Keeps the version a device reports ({@code ota.device.inform}). */
    void reportVersion(String orgId, String assetId, String productKey, String deviceKey, String version, Instant at);

    Optional<String> versionOf(String assetId);

    /** How many devices of the product run each version (EnOS {@code listVersion}). */
    Map<String, Long> versionCounts(String orgId, String productKey);
}
