package org.openenos.testkit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.openenos.model.Device;
import org.openenos.model.DeviceStatus;
import org.openenos.model.Product;
import org.openenos.model.StringI18n;
import org.openenos.model.ThingModel;
import org.openenos.registry.DeviceDirectory;

/** A {@link DeviceDirectory} held in maps, for tests of connectivity without a database. */
public final class InMemoryDeviceDirectory implements DeviceDirectory {
    private final Map<String, Product> products = new ConcurrentHashMap<>();
    private final Map<String, Device> devicesByAsset = new ConcurrentHashMap<>();
    private final Map<String, ThingModel> models = new ConcurrentHashMap<>();
    private volatile java.util.function.BiConsumer<String, Boolean> beforeStatusWrite = (assetId, online) -> { };

    /** Runs before each status write with the asset id and whether it goes online: to make the write slow in tests. */
    public InMemoryDeviceDirectory beforeStatusWrite(java.util.function.BiConsumer<String, Boolean> hook) {
        this.beforeStatusWrite = hook;
        return this;
    }

    public InMemoryDeviceDirectory add(Product product) {
        products.put(product.productKey(), product);
        return this;
    }

    public InMemoryDeviceDirectory add(Device device) {
        devicesByAsset.put(device.assetId(), device);
        return this;
    }

    public InMemoryDeviceDirectory add(ThingModel model) {
        models.put(model.modelId(), model);
        return this;
    }

    @Override
    public Optional<Product> product(String productKey) {
        return Optional.ofNullable(products.get(productKey));
    }

    @Override
    public Optional<Device> device(String productKey, String deviceKey) {
        return devicesByAsset.values().stream()
                .filter(d -> d.productKey().equals(productKey) && d.deviceKey().equals(deviceKey)).findFirst();
    }

    @Override
    public Optional<Device> deviceByAsset(String assetId) {
        return Optional.ofNullable(devicesByAsset.get(assetId));
    }

    @Override
    public Optional<ThingModel> model(String orgId, String modelId) {
        return Optional.ofNullable(models.get(modelId)).filter(m -> m.isPublic() || m.orgId().equals(orgId));
    }

    /** Everything is in memory here: a known product and model never wait for anything. */
    @Override
    public boolean modelCached(String orgId, String productKey) {
        Product product = products.get(productKey);
        return product != null && model(orgId, product.modelId()).isPresent();
    }

    @Override
    public void markOnline(String assetId, Instant at) {
        beforeStatusWrite.accept(assetId, true);
        update(assetId, d -> copy(d, DeviceStatus.online, d.activeTime() == null ? at : d.activeTime(), d.gatewayAssetId(),
                d.deviceAttributes(), d.deviceTags()));
    }

    @Override
    public void markOffline(String assetId, Instant at) {
        beforeStatusWrite.accept(assetId, false);
        update(assetId, d -> copy(d, DeviceStatus.offline, d.activeTime(), d.gatewayAssetId(), d.deviceAttributes(),
                d.deviceTags()));
    }

    @Override
    public Device activate(String assetId, Instant at) {
        return update(assetId, d -> copy(d, d.status(), at, d.gatewayAssetId(), d.deviceAttributes(), d.deviceTags()));
    }

    @Override
    public Device register(String orgId, String productKey, String deviceKey, StringI18n deviceName, String timezone,
                           Map<String, Object> attributes) {
        String key = deviceKey == null ? UUID.randomUUID().toString().substring(0, 10) : deviceKey;
        if (device(productKey, key).isPresent()) {
            throw new org.openenos.error.OpenEnosException(org.openenos.error.ErrorCode.DEVICE_KEY_EXISTS, "exists");
        }
        Device device = new Device(orgId, "asset-" + key, productKey, key, "secret-" + key, deviceName, null, timezone,
                attributes, Map.of(), DeviceStatus.inactive, true, null, Instant.now(), null, null, null);
        add(device);
        return device;
    }

    @Override
    public void updateAttributes(String assetId, Map<String, Object> attributes) {
        update(assetId, d -> {
            Map<String, Object> merged = new HashMap<>(d.deviceAttributes());
            merged.putAll(attributes);
            return copy(d, d.status(), d.activeTime(), d.gatewayAssetId(), merged, d.deviceTags());
        });
    }

    @Override
    public void deleteAttributes(String assetId, Collection<String> attributeIds) {
        update(assetId, d -> {
            Map<String, Object> left = new HashMap<>(d.deviceAttributes());
            attributeIds.forEach(left::remove);
            return copy(d, d.status(), d.activeTime(), d.gatewayAssetId(), left, d.deviceTags());
        });
    }

    @Override
    public void updateTags(String assetId, Map<String, String> tags) {
        update(assetId, d -> {
            Map<String, String> merged = new HashMap<>(d.deviceTags());
            merged.putAll(tags);
            return copy(d, d.status(), d.activeTime(), d.gatewayAssetId(), d.deviceAttributes(), merged);
        });
    }

    @Override
    public void deleteTags(String assetId, Collection<String> tagKeys) {
        update(assetId, d -> {
            Map<String, String> left = new HashMap<>(d.deviceTags());
            tagKeys.forEach(left::remove);
            return copy(d, d.status(), d.activeTime(), d.gatewayAssetId(), d.deviceAttributes(), left);
        });
    }

    @Override
    public List<Device> subDevices(String gatewayAssetId) {
        return new ArrayList<>(devicesByAsset.values().stream()
                .filter(d -> gatewayAssetId.equals(d.gatewayAssetId())).toList());
    }

    @Override
    public void attachSubDevice(String gatewayAssetId, String subDeviceAssetId) {
        update(subDeviceAssetId, d -> copy(d, d.status(), d.activeTime(), gatewayAssetId, d.deviceAttributes(),
                d.deviceTags()));
    }

    @Override
    public void detachSubDevice(String gatewayAssetId, String subDeviceAssetId) {
        update(subDeviceAssetId, d -> copy(d, d.status(), d.activeTime(), null, d.deviceAttributes(), d.deviceTags()));
    }

    private Device update(String assetId, UnaryOperator<Device> change) {
        Device updated = devicesByAsset.computeIfPresent(assetId, (id, d) -> change.apply(d));
        if (updated == null) {
            throw new IllegalArgumentException("no device " + assetId);
        }
        return updated;
    }

    private static Device copy(Device d, DeviceStatus status, Instant activeTime, String gateway,
                               Map<String, Object> attributes, Map<String, String> tags) {
        return new Device(d.orgId(), d.assetId(), d.productKey(), d.deviceKey(), d.deviceSecret(), d.deviceName(),
                d.deviceDesc(), d.timezone(), attributes, tags, status, d.enabled(), gateway, d.createTime(),
                activeTime, d.lastOnlineTime(), d.lastOfflineTime());
    }
}
