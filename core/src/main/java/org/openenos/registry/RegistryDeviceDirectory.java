package org.openenos.registry;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.identity.Principal;
import org.openenos.model.Device;
import org.openenos.model.DeviceStatus;
import org.openenos.model.Product;
import org.openenos.model.StringI18n;
import org.openenos.model.ThingModel;
import org.openenos.model.identity.Role;

/**
 * The registry as device connectivity sees it. Devices, products and models are read on every message, so they are
 * cached here and dropped from the cache whenever the registry changes them.
 */
public final class RegistryDeviceDirectory implements DeviceDirectory {
    private static final Principal DEVICE_ACTOR = new Principal(Principal.Kind.APPLICATION, "device", "device", null,
            Role.OPERATOR);

    private final DeviceStore devices;
    private final ProductStore products;
    private final ModelService models;
    private final DeviceService deviceService;
    private final Map<String, Device> byAsset = new ConcurrentHashMap<>();
    private final Map<String, String> assetByKey = new ConcurrentHashMap<>();
    /** Keyed by a record, not by "org/model" text: a string built and hashed twice per device post was measurable. */
    private final Map<ModelKey, ThingModel> modelCache = new ConcurrentHashMap<>();
    private final Map<String, Product> productCache = new ConcurrentHashMap<>();
    private final java.util.List<DeviceStatusListener> statusListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.List<java.util.function.Consumer<CacheInvalidation>> invalidationListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public RegistryDeviceDirectory(DeviceStore devices, ProductStore products, ModelService models,
                                   DeviceService deviceService, ProductService productService) {
        this.devices = devices;
        this.products = products;
        this.models = models;
        this.deviceService = deviceService;
        deviceService.addListener(this::evict);
        productService.addListener(productKey -> {
            productCache.remove(productKey);
            tellInvalidated(new CacheInvalidation.Product(productKey));
        });
    }

    /** Told of every change made on this node that other nodes' caches must forget (a cluster sends them on). */
    public void addInvalidationListener(java.util.function.Consumer<CacheInvalidation> listener) {
        invalidationListeners.add(listener);
    }

    /** Forgets what another node changed; not told to the listeners again. */
    public void invalidate(CacheInvalidation invalidation) {
        switch (invalidation) {
            case CacheInvalidation.Device d -> forget(d.assetId());
            case CacheInvalidation.Product p -> productCache.remove(p.productKey());
            case CacheInvalidation.Models m -> modelCache.clear();
        }
    }

    private void tellInvalidated(CacheInvalidation invalidation) {
        if (invalidationListeners.isEmpty()) {
            return; // a single node: nobody else caches
        }
        for (var listener : invalidationListeners) {
            try {
                listener.accept(invalidation);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(RegistryDeviceDirectory.class)
                        .warn("cache invalidation listener failed for {}: {}", invalidation, e.toString());
            }
        }
    }

    @Override
    public Optional<Product> product(String productKey) {
        Product cached = productCache.get(productKey);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Product> p = products.find(productKey);
        p.ifPresent(x -> productCache.put(productKey, x));
        return p;
    }

    @Override
    public Optional<Device> device(String productKey, String deviceKey) {
        String assetId = assetByKey.get(productKey + "/" + deviceKey);
        if (assetId != null) {
            return deviceByAsset(assetId);
        }
        Optional<Device> d = devices.find(productKey, deviceKey);
        d.ifPresent(this::remember);
        return d;
    }

    @Override
    public Optional<Device> deviceByAsset(String assetId) {
        Device cached = byAsset.get(assetId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Device> d = devices.find(assetId);
        d.ifPresent(this::remember);
        return d;
    }

    @Override
    public Optional<ThingModel> model(String orgId, String modelId) {
        ModelKey key = new ModelKey(orgId, modelId);
        ThingModel cached = modelCache.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<ThingModel> m = models.resolved(orgId, modelId);
        m.ifPresent(x -> modelCache.put(key, x));
        return m;
    }

    @Override
    public boolean modelCached(String orgId, String productKey) {
        Product product = productCache.get(productKey);
        return product != null && modelCache.containsKey(new ModelKey(orgId, product.modelId()));
    }

    private record ModelKey(String orgId, String modelId) {
    }

    /** Models change rarely; the API layer calls this after any model change. */
    public void evictModels() {
        modelCache.clear();
        tellInvalidated(new CacheInvalidation.Models());
    }

    /** Status changes are pushed to listeners (alerting), so nobody has to poll device states. */
    public void addStatusListener(DeviceStatusListener listener) {
        statusListeners.add(listener);
    }

    @Override
    public void markOnline(String assetId, Instant at) {
        Device d = require(assetId);
        announce(d, true, at);
        devices.updateConnection(assetId, DeviceStatus.online, d.activeTime() == null ? at : d.activeTime(), at, null);
        evict(assetId);
        tell(d, true, at);
    }

    @Override
    public void markOffline(String assetId, Instant at) {
        Device d = require(assetId);
        announce(d, false, at);
        // a device whose activation was reset (replaceDevice) while connected is inactive, not offline
        devices.updateConnection(assetId, !d.enabled() ? DeviceStatus.disabled
                : d.isActivated() ? DeviceStatus.offline : DeviceStatus.inactive, d.activeTime(), null, at);
        evict(assetId);
        tell(d, false, at);
    }

    private void announce(Device device, boolean online, Instant at) {
        for (DeviceStatusListener l : statusListeners) {
            try {
                l.beforeStatus(device, online, at);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(RegistryDeviceDirectory.class)
                        .warn("device status listener failed before the change of {}: {}", device.assetId(),
                                e.getMessage());
            }
        }
    }

    private void tell(Device device, boolean online, Instant at) {
        for (DeviceStatusListener l : statusListeners) {
            try {
                l.onStatus(device, online, at);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(RegistryDeviceDirectory.class)
                        .warn("device status listener failed for {}: {}", device.assetId(), e.getMessage());
            }
        }
    }

    @Override
    public Device activate(String assetId, Instant at) {
        Device d = require(assetId);
        if (d.isActivated()) {
            throw new OpenEnosException(ErrorCode.CONFLICT, "device " + assetId + " is already activated");
        }
        devices.updateConnection(assetId, DeviceStatus.offline, at, null, null);
        evict(assetId);
        return require(assetId);
    }

    @Override
    public Device register(String orgId, String productKey, String deviceKey, StringI18n deviceName, String timezone,
                           Map<String, Object> attributes) {
        return deviceService.create(DEVICE_ACTOR, orgId, new DeviceService.DeviceInput(productKey, deviceKey,
                deviceName, null, timezone, attributes, null));
    }

    @Override
    public void updateAttributes(String assetId, Map<String, Object> attributes) {
        Device d = require(assetId);
        deviceService.update(DEVICE_ACTOR, d.orgId(), assetId,
                new DeviceService.DeviceUpdate(null, null, null, attributes, null));
    }

    @Override
    public void deleteAttributes(String assetId, Collection<String> attributeIds) {
        Device d = require(assetId);
        Map<String, Object> remaining = new LinkedHashMap<>(d.deviceAttributes());
        attributeIds.forEach(remaining::remove);
        devices.update(withAttributesAndTags(d, remaining, d.deviceTags()));
        evict(assetId);
    }

    @Override
    public void updateTags(String assetId, Map<String, String> tags) {
        Device d = require(assetId);
        Map<String, String> merged = new LinkedHashMap<>(d.deviceTags());
        merged.putAll(tags);
        deviceService.update(DEVICE_ACTOR, d.orgId(), assetId,
                new DeviceService.DeviceUpdate(null, null, null, null, merged));
    }

    @Override
    public void deleteTags(String assetId, Collection<String> tagKeys) {
        Device d = require(assetId);
        Map<String, String> remaining = new LinkedHashMap<>(d.deviceTags());
        tagKeys.forEach(remaining::remove);
        devices.update(withAttributesAndTags(d, d.deviceAttributes(), remaining));
        evict(assetId);
    }

    @Override
    public List<Device> subDevices(String gatewayAssetId) {
        Device gw = require(gatewayAssetId);
        return devices.search(new DeviceStore.Query(gw.orgId(), null, null, gatewayAssetId, null, null, null, 0, 10_000));
    }

    @Override
    public void attachSubDevice(String gatewayAssetId, String subDeviceAssetId) {
        setGateway(subDeviceAssetId, gatewayAssetId);
    }

    @Override
    public void detachSubDevice(String gatewayAssetId, String subDeviceAssetId) {
        Device sub = require(subDeviceAssetId);
        if (gatewayAssetId.equals(sub.gatewayAssetId())) {
            setGateway(subDeviceAssetId, null);
        }
    }

    private void setGateway(String assetId, String gatewayAssetId) {
        Device d = require(assetId);
        devices.update(new Device(d.orgId(), d.assetId(), d.productKey(), d.deviceKey(), d.deviceSecret(),
                d.deviceName(), d.deviceDesc(), d.timezone(), d.deviceAttributes(), d.deviceTags(), d.status(),
                d.enabled(), gatewayAssetId, d.createTime(), d.activeTime(), d.lastOnlineTime(),
                d.lastOfflineTime()));
        evict(assetId);
    }

    private static Device withAttributesAndTags(Device d, Map<String, Object> attributes, Map<String, String> tags) {
        return new Device(d.orgId(), d.assetId(), d.productKey(), d.deviceKey(), d.deviceSecret(), d.deviceName(),
                d.deviceDesc(), d.timezone(), attributes, tags, d.status(), d.enabled(), d.gatewayAssetId(),
                d.createTime(), d.activeTime(), d.lastOnlineTime(), d.lastOfflineTime());
    }

    private Device require(String assetId) {
        return deviceByAsset(assetId).orElseThrow(() -> OpenEnosException.notFound(ErrorCode.DEVICE_NOT_FOUND,
                "device " + assetId));
    }

    private void remember(Device d) {
        byAsset.put(d.assetId(), d);
        assetByKey.put(d.productKey() + "/" + d.deviceKey(), d.assetId());
    }

    private void evict(String assetId) {
        forget(assetId);
        tellInvalidated(new CacheInvalidation.Device(assetId));
    }

    private void forget(String assetId) {
        Device d = byAsset.remove(assetId);
        if (d != null) {
            assetByKey.remove(d.productKey() + "/" + d.deviceKey());
        }
    }
}
