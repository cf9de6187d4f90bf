package org.openenos.alerting.platform;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.openenos.model.DataType;
import org.openenos.model.SignalType;
import org.openenos.model.StringI18n;
import org.openenos.model.ThingMeasurepoint;
import org.openenos.model.ThingModel;

/**
 * The system models whose assets are platform objects, so that ordinary alert rules can watch them: a rule on model
 * {@value #STREAM_JOB}, point {@code lag}, condition {@code lag > 10000} fires on any stream job of the
 * organization (scope "all") that falls that far behind. Every organization sees these models; they cannot be
 * edited and own no registry assets.
 */
public final class PlatformModels {
    /** A stream job; asset id = pipeline id. */
    public static final String STREAM_JOB = "openenos_stream_job";
    /** A consumer group of a data subscription; asset id = {@code subId:consumerGroup}. */
    public static final String SUBSCRIPTION_GROUP = "openenos_subscription_group";

    private static final Map<String, Map<String, String>> POINTS = Map.of(
            STREAM_JOB, ordered(
                    "lag", "log records the job has not read yet",
                    "errors", "evaluations that failed since the job was started",
                    "recordsInRate", "input values per second over the last minute",
                    "recordsOutRate", "output values per second over the last minute",
                    "running", "1 while the engine runs the job, 0 otherwise"),
            SUBSCRIPTION_GROUP, ordered(
                    "lag", "messages the consumer group has not committed yet",
                    "connectedConsumers", "consumers of the group connected now",
                    "missedMessages", "messages that expired before the group read them"));

    private PlatformModels() {
    }

    public static boolean isPlatformModel(String modelId) {
        return POINTS.containsKey(modelId);
    }

    public static Optional<ThingModel> model(String orgId, String modelId) {
        Map<String, String> points = POINTS.get(modelId);
        if (points == null) {
            return Optional.empty();
        }
        var measurepoints = new LinkedHashMap<String, ThingMeasurepoint>();
        points.forEach((id, desc) -> measurepoints.put(id, new ThingMeasurepoint(id, StringI18n.of(id),
                StringI18n.of(desc), Map.of(), DataType.DOUBLE, Map.of(), false, SignalType.Generic, null)));
        return Optional.of(new ThingModel(modelId, "/" + modelId, orgId, StringI18n.of(modelId),
                StringI18n.of("platform metrics (system model)"), Map.of("system", "true"), Map.of(), measurepoints,
                Map.of(), Map.of()));
    }

    private static Map<String, String> ordered(String... pairs) {
        var map = new LinkedHashMap<String, String>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
