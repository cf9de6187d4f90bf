package org.openenos.edge.config;

import java.util.List;

/**
 * Maps a device's raw points onto its thing model: mapped measure points, calculated points, local rules and
 * control mappings. YAML anchors ({@code &meter} / {@code *meter}) let many devices share one template.
 */
public record TemplateConfig(List<MappingConfig> measurepoints, List<CalculatedPointConfig> calculated,
                             List<RuleConfig> rules, List<ControlConfig> controls) {
    public TemplateConfig {
        measurepoints = measurepoints == null ? List.of() : List.copyOf(measurepoints);
        calculated = calculated == null ? List.of() : List.copyOf(calculated);
        rules = rules == null ? List.of() : List.copyOf(rules);
        controls = controls == null ? List.of() : List.copyOf(controls);
    }
}
