package org.openenos.registry;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openenos.model.Device;
import org.openenos.model.Product;
import org.openenos.model.ThingModel;

/**
 * What device connectivity needs from the registry: look-ups on the hot path (implementations cache them) and the
 * few state changes that devices cause themselves. Secrets are returned decrypted.
 */
public interface DeviceDirectory {
    Optional<Product> product(String productKey);

    Optional<Device> device(String productKey, String deviceKey);

    Optional<Device> deviceByAsset(String assetId);

    /** The model as seen from an organization: its own private model or a public one, with inherited elements merged. */
    Optional<ThingModel> model(String orgId, String modelId);

    /**
     * Whether the product and its thing model are in memory, so that {@link #product} and {@link #model} answer
     * without asking the registry; a caller on a thread that must never block checks this first. False unless the
     * directory caches them.
     */
    default boolean modelCached(String orgId, String productKey) {
        return false;
    }

    void markOnline(String assetId, Instant at);

    void markOffline(String assetId, Instant at);

    /** Dynamic activation (secure mode 3): sets the activation time once; returns the device with its secret. */
    Device activate(String assetId, Instant at);

    /** Registers a new device of an existing product ({@code thing.device.register}); the key is generated if absent. */
    Device register(String orgId, String productKey, String deviceKey, org.openenos.model.StringI18n deviceName,
                    String timezone, Map<String, Object> attributes);

    void updateAttributes(String assetId, Map<String, Object> attributes);

    void deleteAttributes(String assetId, Collection<String> attributeIds);

    void updateTags(String assetId, Map<String, String> tags);

    void deleteTags(String assetId, Collection<String> tagKeys);

    List<Device> subDevices(String gatewayAssetId);

    void attachSubDevice(String gatewayAssetId, String subDeviceAssetId);

    void detachSubDevice(String gatewayAssetId, String subDeviceAssetId);
}
