package org.openenos.registry;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.openenos.audit.AuditLog;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.identity.Principal;
import org.openenos.model.Asset;
import org.openenos.model.Device;
import org.openenos.model.DeviceStatus;
import org.openenos.model.Product;
import org.openenos.model.StringI18n;
import org.openenos.model.ThingAttribute;
import org.openenos.model.ThingModel;
import org.openenos.model.validation.InvalidModelException;
import org.openenos.model.validation.ValueConverter;
import org.openenos.security.Ids;

/** Devices: single and bulk creation, reads, updates validated against the model, enable/disable, delete. */
public final class DeviceService {
    public static final int MAX_BULK = 20_000;
    private static final Pattern DEVICE_KEY = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");
    /** EnOS documents 4 to 64 characters for the key of a replacement. */
    private static final Pattern REPLACEMENT_KEY = Pattern.compile("[A-Za-z0-9_.\\-]{4,64}");

    public record DeviceInput(String productKey, String deviceKey, StringI18n deviceName, StringI18n deviceDesc,
                              String timezone, Map<String, Object> deviceAttributes, Map<String, String> deviceTags) {
    }

    public record DeviceUpdate(StringI18n deviceName, StringI18n deviceDesc, String timezone,
                               Map<String, Object> deviceAttributes, Map<String, String> deviceTags) {
    }

    private final DeviceStore devices;
    private final ProductService products;
    private final ModelService models;
    private final AuditLog audit;
    private final Clock clock;
    private final List<DeviceChangeListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Lets caches (the device directory) drop what changed. */
    public interface DeviceChangeListener {
        void changed(String assetId);
    }

    public DeviceService(DeviceStore devices, ProductService products, ModelService models, AuditLog audit,
                         Clock clock) {
        this.devices = devices;
        this.products = products;
        this.models = models;
        this.audit = audit;
        this.clock = clock;
    }

    public void addListener(DeviceChangeListener listener) {
        listeners.add(listener);
    }

    public Device create(Principal actor, String orgId, DeviceInput in) {
        return createAll(actor, orgId, List.of(in)).getFirst();
    }

    /** All or nothing: every input is checked before any device is written. */
    public List<Device> createAll(Principal actor, String orgId, List<DeviceInput> inputs) {
        checkSize(inputs);
        Batch batch = new Batch(orgId, clock.instant());
        List<Device> created = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            created.add(batch.check(inputs.size() == 1 ? "" : "[" + i + "].", inputs.get(i)));
        }
        insert(actor, orgId, created, batch.now);
        return created;
    }

    /** The outcome of one input of {@link #createEach}: the device, or why it was refused. */
    public sealed interface ItemResult {
        record Created(Device device) implements ItemResult {
        }

        record Refused(OpenEnosException reason) implements ItemResult {
        }
    }

    /**
     * Creates every valid input and refuses each invalid one with its own reason, results in input order (EnOS
     * batch semantics: a bad row does not cost the good ones). The valid devices are written in one transaction;
     * only a store failure (a key taken by a concurrent request in the meantime) fails the whole call.
     */
    public List<ItemResult> createEach(Principal actor, String orgId, List<DeviceInput> inputs) {
        checkSize(inputs);
        Batch batch = new Batch(orgId, clock.instant());
        List<ItemResult> results = new ArrayList<>(inputs.size());
        List<Device> valid = new ArrayList<>(inputs.size());
        for (DeviceInput in : inputs) {
            try {
                Device d = batch.check("", in);
                valid.add(d);
                results.add(new ItemResult.Created(d));
            } catch (OpenEnosException e) {
                results.add(new ItemResult.Refused(e));
            }
        }
        if (!valid.isEmpty()) {
            insert(actor, orgId, valid, batch.now);
        }
        return results;
    }

    private static void checkSize(List<DeviceInput> inputs) {
        if (inputs.isEmpty() || inputs.size() > MAX_BULK) {
            throw OpenEnosException.badArgument("devices: 1 to " + MAX_BULK + " per request, got " + inputs.size());
        }
    }

    private void insert(Principal actor, String orgId, List<Device> created, Instant now) {
        devices.insertAll(created);
        audit.record(new AuditLog.Entry(now, actor.name(), orgId, "device.create",
                created.size() == 1 ? created.getFirst().assetId() : created.size() + " devices", ""));
    }

    /** Checks inputs of one request against each other and the store; products and models are looked up once. */
    private final class Batch {
        private final String orgId;
        private final Instant now;
        private final Map<String, Product> productCache = new LinkedHashMap<>();
        private final Map<String, ThingModel> modelCache = new LinkedHashMap<>();
        private final Set<String> keysInRequest = new HashSet<>();

        Batch(String orgId, Instant now) {
            this.orgId = orgId;
            this.now = now;
        }

        /** The device to write, or an exception whose message starts with the field ({@code at} prefixed). */
        Device check(String at, DeviceInput in) {
            if (in == null || in.productKey() == null || in.productKey().isBlank()) {
                throw OpenEnosException.badArgument(at + "productKey: is required");
            }
            Product product;
            try {
                product = productCache.computeIfAbsent(in.productKey(), pk -> products.get(orgId, pk));
            } catch (OpenEnosException e) {
                throw new OpenEnosException(e.code(), at + "productKey: no product '" + in.productKey()
                        + "' in this organization");
            }
            ThingModel model = modelCache.computeIfAbsent(product.modelId(), m -> models.get(orgId, m));
            String deviceKey = in.deviceKey() == null || in.deviceKey().isBlank() ? Ids.deviceKey() : in.deviceKey();
            if (!DEVICE_KEY.matcher(deviceKey).matches()) {
                throw OpenEnosException.badArgument(at + "deviceKey: 1 to 64 letters, digits, _ . -");
            }
            String key = product.productKey() + "/" + deviceKey;
            if (keysInRequest.contains(key) || devices.find(product.productKey(), deviceKey).isPresent()) {
                throw new OpenEnosException(ErrorCode.DEVICE_KEY_EXISTS, at + "deviceKey: '" + deviceKey
                        + "' exists already in product " + product.productKey());
            }
            requireName(at, in.deviceName());
            Timezones.parse(in.timezone());
            Map<String, Object> attributes = attributes(at, model, in.deviceAttributes(), true);
            Map<String, String> tags = checkTags(at, in.deviceTags());
            // only a device that passed every check claims its key: a refused row must not block a later fix of it
            keysInRequest.add(key);
            return new Device(orgId, Ids.assetId(), product.productKey(), deviceKey, Ids.secret(),
                    in.deviceName(), in.deviceDesc(), in.timezone(), attributes, tags,
                    DeviceStatus.inactive, true, null, now, null, null, null);
        }
    }

    public Device get(String orgId, String assetId) {
        return devices.find(assetId).filter(d -> d.orgId().equals(orgId))
                .orElseThrow(() -> OpenEnosException.notFound(ErrorCode.DEVICE_NOT_FOUND, "device " + assetId));
    }

    public Device get(String orgId, String productKey, String deviceKey) {
        return devices.find(productKey, deviceKey).filter(d -> d.orgId().equals(orgId))
                .orElseThrow(() -> OpenEnosException.notFound(ErrorCode.DEVICE_NOT_FOUND,
                        "device " + productKey + "/" + deviceKey));
    }

    public Page<Device> search(DeviceStore.Query query, Page.Request page) {
        DeviceStore.Query q = new DeviceStore.Query(query.orgId(), query.productKey(), query.status(),
                query.gatewayAssetId(), query.nameLike(), query.tags(), query.expression(), page.offset(), page.pageSize(),
                query.scope());
        return new Page<>(devices.search(q), page.pageNo(), page.pageSize(), devices.count(q));
    }

    public Device update(Principal actor, String orgId, String assetId, DeviceUpdate in) {
        Device old = get(orgId, assetId);
        ThingModel model = models.get(orgId, products.get(orgId, old.productKey()).modelId());
        if (in.deviceName() != null) {
            requireName("", in.deviceName());
        }
        if (in.timezone() != null) {
            Timezones.parse(in.timezone());
        }
        Map<String, Object> attributes = old.deviceAttributes();
        if (in.deviceAttributes() != null) {
            Map<String, Object> merged = new LinkedHashMap<>(old.deviceAttributes());
            merged.putAll(attributes("", model, in.deviceAttributes(), false));
            attributes = merged;
        }
        Device updated = new Device(orgId, assetId, old.productKey(), old.deviceKey(), old.deviceSecret(),
                in.deviceName() == null ? old.deviceName() : in.deviceName(),
                in.deviceDesc() == null ? old.deviceDesc() : in.deviceDesc(),
                in.timezone() == null ? old.timezone() : in.timezone(), attributes,
                in.deviceTags() == null ? old.deviceTags() : checkTags("", in.deviceTags()), old.status(),
                old.enabled(), old.gatewayAssetId(), old.createTime(), old.activeTime(), old.lastOnlineTime(),
                old.lastOfflineTime());
        devices.update(updated);
        changed(assetId);
        audit.record(new AuditLog.Entry(clock.instant(), actor.name(), orgId, "device.update", assetId, ""));
        return updated;
    }

    public Device setEnabled(Principal actor, String orgId, String assetId, boolean enabled) {
        Device d = get(orgId, assetId);
        Device updated = new Device(orgId, assetId, d.productKey(), d.deviceKey(), d.deviceSecret(), d.deviceName(),
                d.deviceDesc(), d.timezone(), d.deviceAttributes(), d.deviceTags(),
                enabled ? (d.status() == DeviceStatus.disabled ? DeviceStatus.offline : d.status())
                        : DeviceStatus.disabled, enabled, d.gatewayAssetId(), d.createTime(), d.activeTime(),
                d.lastOnlineTime(), d.lastOfflineTime());
        devices.update(updated);
        changed(assetId);
        audit.record(new AuditLog.Entry(clock.instant(), actor.name(), orgId,
                enabled ? "device.enable" : "device.disable", assetId, ""));
        return updated;
    }

    /**
     * EnOS {@code replaceDevice}: the device gets {@code newDeviceKey} and a new secret and is not activated any more,
     * so a replacement unit logs in with them; its asset id, and so its data, stay. The old key is free again.
     */
    public Device replaceKey(Principal actor, String orgId, String assetId, String newDeviceKey) {
        Device old = get(orgId, assetId);
        if (newDeviceKey == null || !REPLACEMENT_KEY.matcher(newDeviceKey).matches()) {
            throw OpenEnosException.badArgument("newDeviceKey: 4 to 64 letters, digits, _ . -");
        }
        if (devices.find(old.productKey(), newDeviceKey).isPresent()) {
            throw new OpenEnosException(ErrorCode.DEVICE_KEY_EXISTS, "newDeviceKey: '" + newDeviceKey
                    + "' exists already in product " + old.productKey());
        }
        devices.replaceKey(assetId, newDeviceKey, Ids.secret());
        changed(assetId);
        audit.record(new AuditLog.Entry(clock.instant(), actor.name(), orgId, "device.replace", assetId,
                old.deviceKey() + " -> " + newDeviceKey));
        return get(orgId, assetId);
    }

    public void delete(Principal actor, String orgId, String assetId) {
        get(orgId, assetId);
        devices.delete(assetId);
        changed(assetId);
        audit.record(new AuditLog.Entry(clock.instant(), actor.name(), orgId, "device.delete", assetId, ""));
    }

    /** The asset view of a device, as the asset service returns it. */
    public static Asset asAsset(Device d, ThingModel model) {
        return new Asset(d.orgId(), d.assetId(), model.modelId(), model.modelIdPath(), d.deviceName(), d.deviceDesc(),
                d.timezone(), d.deviceAttributes(), d.deviceTags(), true);
    }

    private void changed(String assetId) {
        listeners.forEach(l -> l.changed(assetId));
    }

    static Map<String, Object> attributes(String at, ThingModel model, Map<String, Object> given,
                                          boolean fillDefaults) {
        Map<String, Object> in = given == null ? Map.of() : given;
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : in.entrySet()) {
            ThingAttribute attribute = model.attributes().get(e.getKey());
            if (attribute == null) {
                throw OpenEnosException.badArgument(at + "deviceAttributes." + e.getKey()
                        + ": is not an attribute of model " + model.modelId());
            }
            try {
                out.put(e.getKey(), ValueConverter.convert(at + "deviceAttributes." + e.getKey(),
                        attribute.dataType(), attribute.dataDefinition(), e.getValue()));
            } catch (InvalidModelException ex) {
                throw OpenEnosException.badArgument(ex.getMessage());
            }
        }
        if (fillDefaults) {
            for (ThingAttribute a : model.attributes().values()) {
                if (!out.containsKey(a.identifier())) {
                    if (a.defaultValue() != null) {
                        out.put(a.identifier(), a.defaultValue());
                    } else if (a.isRequired()) {
                        throw OpenEnosException.badArgument(at + "deviceAttributes." + a.identifier()
                                + ": is required by model " + model.modelId());
                    }
                }
            }
        }
        return out;
    }

    private static Map<String, String> checkTags(String at, Map<String, String> tags) {
        if (tags == null) {
            return Map.of();
        }
        if (tags.size() > 100) {
            throw OpenEnosException.badArgument(at + "deviceTags: at most 100 tags");
        }
        tags.forEach((k, v) -> {
            if (k.length() > 100 || !k.matches("[A-Za-z_][A-Za-z0-9_]*") || v == null || v.length() > 1024) {
                throw OpenEnosException.badArgument(at + "deviceTags." + k
                        + ": key of letters, digits, _ (at most 100), value at most 1024 characters");
            }
        });
        return tags;
    }

    private static void requireName(String at, StringI18n name) {
        if (name == null || name.defaultValue() == null || name.defaultValue().isBlank()
                || name.defaultValue().length() > 100) {
            throw OpenEnosException.badArgument(at + "deviceName.defaultValue: is required, at most 100 characters");
        }
    }
}
