package org.openenos.simulator;

import java.util.List;
import java.util.Map;

/**
 * A declarative fleet (YAML or JSON): thing models in the EnOS JSON shape, products, and sites whose kind decides
 * the asset tree and the signals.
 *
 * @param intervalSeconds seconds between two posts of a device
 * @param timeScale       how much faster than real time the sun moves (1 = real day; 60 = a day in 24 minutes)
 * @param faultProbability chance per device and post of a fault (a status change and a {@code fault} event)
 */
public record FleetSpec(String name, int intervalSeconds, double timeScale, double faultProbability,
                        List<Map<String, Object>> models, List<ProductSpec> products, List<SiteSpec> sites) {

    public FleetSpec {
        intervalSeconds = intervalSeconds <= 0 ? 5 : intervalSeconds;
        timeScale = timeScale <= 0 ? 1 : timeScale;
        models = models == null ? List.of() : List.copyOf(models);
        products = products == null ? List.of() : List.copyOf(products);
        sites = sites == null ? List.of() : List.copyOf(sites);
    }

    /** A product; {@code id} is how sites refer to it, {@code type} is Device or Gateway. */
    public record ProductSpec(String id, String name, String modelId, String type) {
    }

    public enum SiteKind { windFarm, solarPlant, battery }

    /**
     * A site. Wind farm: site → {@code lines} lines → {@code devicesPerLine} turbines. Solar plant: site →
     * {@code devicesPerLine} inverters, behind a data-logger gateway when {@code gatewayProduct} is set. Battery:
     * site → one battery.
     */
    public record SiteSpec(SiteKind kind, String name, String siteModel, String lineModel, int lines,
                           int devicesPerLine, String product, String gatewayProduct, double ratedPowerKw,
                           double capacityKwh, String timezone, double meanWindSpeed) {
    }
}
