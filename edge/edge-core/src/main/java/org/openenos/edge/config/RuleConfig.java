package org.openenos.edge.config;

/**
 * A local threshold rule: when {@code measurepoint} goes above {@code above} or below {@code below}, the edge
 * raises the device event {@code event} (edge-triggered: once per crossing, again after it returns to normal).
 */
public record RuleConfig(String id, String measurepoint, Double above, Double below, String event) {
    public RuleConfig {
        Checks.require(id, "rule.id");
        Checks.require(measurepoint, "rule '" + id + "' measurepoint");
        Checks.require(event, "rule '" + id + "' event");
        Checks.check(above != null || below != null, "rule '" + id + "' needs above or below");
    }
}
