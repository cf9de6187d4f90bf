package org.openenos.alerting.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.openenos.alerting.AlertAssets;
import org.openenos.model.MeasurePointValue;
import org.openenos.model.ThingModel;

/** Platform objects read as measure points of system assets, in their own organization only (pure logic). */
class PlatformMetricsSamplerTest {
    private final AlertAssets registry = new AlertAssets() {
        public Optional<AssetFacts> asset(String orgId, String assetId) {
            return Optional.empty();
        }

        public Optional<ThingModel> model(String orgId, String modelId) {
            return Optional.empty();
        }
    };

    @Test
    void eachSampledObjectBecomesValuesOfItsSystemAssetForTheAlertEngineInItsOrganization() {
        var assets = new PlatformAlertAssets(registry);
        var handed = new ArrayList<MeasurePointValue>();
        var sampler = new PlatformMetricsSampler(List.of(
                () -> List.of(new PlatformSample("o1", PlatformModels.STREAM_JOB, "job1", "averages",
                        Map.of("lag", 42.0, "running", 1.0))),
                () -> {
                    throw new IllegalStateException("a broken source");
                }), assets, handed::addAll, Clock.fixed(Instant.ofEpochMilli(1_000), ZoneOffset.UTC));

        sampler.sample();

        assertThat(handed).extracting(MeasurePointValue::orgId, MeasurePointValue::modelId,
                        MeasurePointValue::assetId, MeasurePointValue::pointId, MeasurePointValue::value)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("o1", "openenos_stream_job", "job1", "lag", 42.0),
                        org.assertj.core.groups.Tuple.tuple("o1", "openenos_stream_job", "job1", "running", 1.0));
        assertThat(assets.asset("o1", "job1")).get().extracting(f -> f.name().defaultValue()).isEqualTo("averages");
        assertThat(assets.asset("o2", "job1")).isEmpty();
        assertThat(assets.model("o2", PlatformModels.SUBSCRIPTION_GROUP)).get()
                .extracting(m -> m.measurepoints().keySet())
                .isEqualTo(java.util.Set.of("lag", "connectedConsumers", "missedMessages"));
        assertThat(assets.model("o1", "someone_elses_model")).isEmpty();
    }
}
