package org.openenos.edge.config;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.openenos.edge.mapping.Expression;

/**
 * A field device behind a connection, and the cloud sub-device it becomes ({@code productKey}, {@code deviceKey},
 * {@code deviceSecret} for topo add and sub-device login). Every reference inside the template is checked here.
 * After {@code offlineAfterFailedPolls} polls in a row without one good value the device is in outage: its
 * sub-device is logged out (offline in the cloud) and it is polled only every {@code outagePollIntervalMillis}
 * until it answers again.
 */
public record DeviceConfig(String id, String connection, Integer unitId, String productKey, String deviceKey,
                           String deviceSecret, Integer pollIntervalMillis, UploadConfig upload,
                           List<RawPointConfig> points, TemplateConfig template, Integer offlineAfterFailedPolls,
                           Integer outagePollIntervalMillis) {
    public DeviceConfig(String id, String connection, Integer unitId, String productKey, String deviceKey,
                        String deviceSecret, Integer pollIntervalMillis, UploadConfig upload,
                        List<RawPointConfig> points, TemplateConfig template) {
        this(id, connection, unitId, productKey, deviceKey, deviceSecret, pollIntervalMillis, upload, points, template,
                null, null);
    }

    public DeviceConfig {
        Checks.require(id, "device.id");
        Checks.require(connection, "device '" + id + "' connection");
        Checks.require(productKey, "device '" + id + "' productKey");
        Checks.require(deviceKey, "device '" + id + "' deviceKey");
        Checks.require(deviceSecret, "device '" + id + "' deviceSecret");
        unitId = unitId == null ? 1 : unitId;
        pollIntervalMillis = pollIntervalMillis == null ? 1_000 : pollIntervalMillis;
        upload = upload == null ? UploadConfig.realtime() : upload;
        points = points == null ? List.of() : List.copyOf(points);
        template = template == null ? new TemplateConfig(null, null, null, null) : template;
        Checks.check(unitId >= 0 && unitId <= 255, "device '" + id + "' unitId must be 0..255");
        Checks.check(pollIntervalMillis > 0, "device '" + id + "' pollIntervalMillis must be positive");
        offlineAfterFailedPolls = offlineAfterFailedPolls == null ? 3 : offlineAfterFailedPolls;
        outagePollIntervalMillis = outagePollIntervalMillis == null ? Math.max(10_000, pollIntervalMillis)
                : outagePollIntervalMillis;
        Checks.check(offlineAfterFailedPolls >= 1, "device '" + id + "' offlineAfterFailedPolls must be at least 1");
        Checks.check(outagePollIntervalMillis >= pollIntervalMillis, "device '" + id
                + "' outagePollIntervalMillis must not be shorter than pollIntervalMillis");
        Checks.unique(points, RawPointConfig::id, "point id in device '" + id + "'");
        checkTemplate(id, points, template);
    }

    private static void checkTemplate(String device, List<RawPointConfig> points, TemplateConfig template) {
        Map<String, RawPointConfig> raw = points.stream().collect(Collectors.toMap(RawPointConfig::id, Function.identity()));
        Set<String> model = new HashSet<>();
        for (MappingConfig mapping : template.measurepoints()) {
            Checks.check(model.add(mapping.measurepoint()),
                    "device '" + device + "' maps measure point '" + mapping.measurepoint() + "' twice");
            Set<String> used = mapping.expression() != null
                    ? compile(device, mapping.measurepoint(), mapping.expression()).variables()
                    : Set.copyOf(mapping.inputs());
            for (String input : used) {
                Checks.check(raw.containsKey(input), "device '" + device + "' measure point '" + mapping.measurepoint()
                        + "' uses unknown raw point '" + input + "'");
            }
        }
        for (CalculatedPointConfig calc : template.calculated()) {
            Set<String> used = calc.expression() != null
                    ? compile(device, calc.measurepoint(), calc.expression()).variables() : Set.of(calc.source());
            for (String input : used) {
                Checks.check(model.contains(input), "device '" + device + "' calculated point '" + calc.measurepoint()
                        + "' uses '" + input + "', which is not a measure point defined before it");
            }
            Checks.check(model.add(calc.measurepoint()),
                    "device '" + device + "' defines measure point '" + calc.measurepoint() + "' twice");
        }
        for (RuleConfig rule : template.rules()) {
            Checks.check(model.contains(rule.measurepoint()), "device '" + device + "' rule '" + rule.id()
                    + "' watches unknown measure point '" + rule.measurepoint() + "'");
        }
        for (ControlConfig control : template.controls()) {
            if (control.isMethodCall()) {
                continue;   // a method call targets nodes of the server, not a raw point of this device
            }
            RawPointConfig target = raw.get(control.point());
            Checks.check(target != null, "device '" + device + "' control writes unknown raw point '" + control.point() + "'");
            Checks.check(target.area() == null || target.area().isWritable(), "device '" + device
                    + "' control writes point '" + control.point() + "' in read-only area " + target.area());
            Checks.check(target.ioa() == null || target.command() != null, "device '" + device + "' control writes"
                    + " IEC 104 point '" + control.point() + "' that has no 'command' (SINGLE, DOUBLE or SETPOINT_FLOAT)");
        }
    }

    private static Expression compile(String device, String point, String expression) {
        try {
            return Expression.parse(expression);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("device '" + device + "' measure point '" + point + "': " + e.getMessage(), e);
        }
    }

    public RawPointConfig point(String pointId) {
        return points.stream().filter(p -> p.id().equals(pointId)).findFirst().orElseThrow();
    }
}
