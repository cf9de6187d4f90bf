package org.openenos.simulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openenos.simulator.FleetSpec.ProductSpec;
import org.openenos.simulator.FleetSpec.SiteSpec;
import org.openenos.simulator.ProvisionedFleet.SimulatedDevice;
import org.openenos.simulator.ProvisionedFleet.SimulatedGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Creates a fleet through the public REST API, as an application of the organization would: models (kept when they
 * exist), products, devices, gateway topology, and one asset tree per site (wind farm: site → lines → turbines;
 * solar plant: site → gateway → inverters; battery: site → battery).
 */
public final class FleetProvisioner {
    private static final Logger LOG = LoggerFactory.getLogger(FleetProvisioner.class);

    private final EnosApiClient api;
    private final String orgId;

    public FleetProvisioner(EnosApiClient api, String orgId) {
        this.api = api;
        this.orgId = orgId;
    }

    public ProvisionedFleet provision(FleetSpec spec) {
        for (Map<String, Object> model : spec.models()) {
            createModel(model);
        }
        Map<String, String> productKeys = new HashMap<>();
        for (ProductSpec product : spec.products()) {
            productKeys.put(product.id(), createProduct(product));
        }
        List<SimulatedDevice> devices = new ArrayList<>();
        List<SimulatedGateway> gateways = new ArrayList<>();
        for (SiteSpec site : spec.sites()) {
            provisionSite(site, productKeys, devices, gateways);
        }
        LOG.info("Provisioned fleet '{}': {} devices, {} gateways, {} sites", spec.name(), devices.size(),
                gateways.size(), spec.sites().size());
        return new ProvisionedFleet(orgId, spec.intervalSeconds(), spec.timeScale(), spec.faultProbability(),
                devices, gateways);
    }

    private void provisionSite(SiteSpec site, Map<String, String> productKeys, List<SimulatedDevice> devices,
                               List<SimulatedGateway> gateways) {
        String timezone = site.timezone() == null ? "+00:00" : site.timezone();
        String productKey = required(productKeys, site.product(), site);
        JsonNode tree = api.post("/asset-tree-service/v2.1/asset-trees", Map.of("action", "create", "orgId", orgId),
                Map.of("tree", Map.of("name", i18n(site.name())), "asset", Map.of("modelId", site.siteModel(),
                        "name", i18n(site.name()), "timezone", timezone))).orThrow("asset tree " + site.name());
        String treeId = tree.path("treeId").asString();
        String root = tree.path("assetId").asString();
        String slug = slug(site.name());
        switch (site.kind()) {
            case windFarm -> {
                for (int line = 1; line <= Math.max(1, site.lines()); line++) {
                    String lineAsset = api.post("/asset-tree-service/v2.1/asset-nodes", Map.of("action", "createAsset",
                            "orgId", orgId, "treeId", treeId, "parentAssetId", root), Map.of("asset", Map.of(
                            "modelId", site.lineModel(), "name", i18n(site.name() + " line " + line),
                            "timezone", timezone))).orThrow("line asset").asString();
                    List<String> keys = new ArrayList<>();
                    for (int t = 1; t <= site.devicesPerLine(); t++) {
                        keys.add("%s-l%d-t%02d".formatted(slug, line, t));
                    }
                    for (SimulatedDevice device : createDevices(site, productKey, keys, null, timezone)) {
                        associate(treeId, lineAsset, device.assetId());
                        devices.add(device);
                    }
                }
            }
            case solarPlant -> {
                String parent = root;
                String gatewayKey = null;
                List<String> keys = new ArrayList<>();
                for (int i = 1; i <= site.devicesPerLine(); i++) {
                    keys.add("%s-inv%02d".formatted(slug, i));
                }
                if (site.gatewayProduct() != null) {
                    String gatewayProduct = required(productKeys, site.gatewayProduct(), site);
                    gatewayKey = slug + "-logger";
                    JsonNode gw = createDevice(gatewayProduct, gatewayKey, site.name() + " data logger", timezone);
                    gateways.add(new SimulatedGateway(site.name(), gatewayProduct, gatewayKey,
                            gw.path("deviceSecret").asString(), gw.path("assetId").asString()));
                    associate(treeId, root, gw.path("assetId").asString());
                    parent = gw.path("assetId").asString();
                }
                List<SimulatedDevice> inverters = createDevices(site, productKey, keys, gatewayKey, timezone);
                if (gatewayKey != null) {
                    String gatewayAsset = gateways.getLast().assetId();
                    api.post("/connect-service/v2.1/device-topos", Map.of("action", "addSubDevice", "orgId", orgId,
                            "assetId", gatewayAsset), Map.of("subDevices", inverters.stream()
                            .map(d -> Map.of("assetId", d.assetId())).toList())).orThrow("sub-devices");
                }
                for (SimulatedDevice inverter : inverters) {
                    associate(treeId, parent, inverter.assetId());
                    devices.add(inverter);
                }
            }
            case battery -> {
                for (SimulatedDevice device : createDevices(site, productKey, List.of(slug + "-bess"), null, timezone)) {
                    associate(treeId, root, device.assetId());
                    devices.add(device);
                }
            }
        }
    }

    private List<SimulatedDevice> createDevices(SiteSpec site, String productKey, List<String> keys,
                                                String gatewayKey, String timezone) {
        List<Map<String, Object>> inputs = keys.stream().map(key -> Map.<String, Object>of("productKey", productKey,
                "deviceKey", key, "timezone", timezone, "deviceName", i18n(key),
                "deviceAttributes", Map.of())).toList();
        JsonNode created = api.post("/connect-service/v2.1/devices", Map.of("action", "batchCreate", "orgId", orgId),
                Map.of("deviceList", inputs)).orThrow("devices of " + site.name());
        List<SimulatedDevice> result = new ArrayList<>();
        for (JsonNode item : created) {
            if (item.path("code").asInt() != 0) {
                throw new IllegalStateException("device of " + site.name() + " refused: " + item.path("msg").asString());
            }
            JsonNode d = item.path("data");
            result.add(new SimulatedDevice(site.kind(), site.name(), productKey, d.path("deviceKey").asString(),
                    d.path("deviceSecret").asString(), d.path("assetId").asString(), gatewayKey, site.ratedPowerKw(),
                    site.capacityKwh(), site.meanWindSpeed(), timezone));
        }
        return result;
    }

    private JsonNode createDevice(String productKey, String deviceKey, String name, String timezone) {
        return api.post("/connect-service/v2.1/devices", Map.of("action", "create", "orgId", orgId),
                Map.of("productKey", productKey, "deviceKey", deviceKey, "timezone", timezone,
                        "deviceName", i18n(name))).orThrow("device " + deviceKey);
    }

    private void associate(String treeId, String parent, String assetId) {
        api.post("/asset-tree-service/v2.1/asset-nodes", Map.of("action", "associateAsset", "orgId", orgId,
                "treeId", treeId, "parentAssetId", parent, "assetId", assetId), null).orThrow("tree node " + assetId);
    }

    private void createModel(Map<String, Object> model) {
        String modelId = String.valueOf(model.get("modelId"));
        if (api.post("/model-service/v2.1/thing-models", Map.of("action", "get", "orgId", orgId, "modelId", modelId),
                null).ok()) {
            return;
        }
        api.post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", orgId), model)
                .orThrow("model " + modelId);
    }

    private String createProduct(ProductSpec product) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("productName", i18n(product.name()));
        body.put("productType", product.type() == null ? "Device" : product.type());
        body.put("dataFormat", "Json");
        body.put("modelId", product.modelId());
        return api.post("/connect-service/v2.1/products", Map.of("action", "create", "orgId", orgId), body)
                .orThrow("product " + product.id()).asString();
    }

    private static String required(Map<String, String> productKeys, String id, SiteSpec site) {
        String key = productKeys.get(id);
        if (key == null) {
            throw new IllegalArgumentException("site " + site.name() + " refers to unknown product '" + id + "'");
        }
        return key;
    }

    private static Map<String, Object> i18n(String text) {
        return Map.of("defaultValue", text);
    }

    static String slug(String name) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return slug.length() > 40 ? slug.substring(0, 40) : slug;
    }
}
