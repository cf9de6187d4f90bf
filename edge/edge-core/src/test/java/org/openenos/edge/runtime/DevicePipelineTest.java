package org.openenos.edge.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openenos.edge.cloud.UploadItem;
import org.openenos.edge.config.DeviceConfig;
import org.openenos.edge.config.MappingConfig;
import org.openenos.edge.config.RawPointConfig;
import org.openenos.edge.config.TemplateConfig;
import org.openenos.edge.config.UploadConfig;
import org.openenos.edge.config.UploadConfig.UploadMode;
import org.openenos.edge.field.Sample;

class DevicePipelineTest {
    private static DevicePipeline pipeline(UploadConfig upload) {
        RawPointConfig raw = new RawPointConfig("t", null, null, null, null, null, null, null, null, "ns=2;s=T",
                null, null, null, null, null, null, null, null);
        TemplateConfig template = new TemplateConfig(
                List.of(new MappingConfig("temp", "t", null, null, null, null)), null, null, null);
        return new DevicePipeline(new DeviceConfig("d", "opc", null, "pk", "dk", "ds", null, upload,
                List.of(raw), template));
    }

    @Test
    void inTimerModeAValueReadBeforeTheTimerIsDueIsSentWhenItIsDue() {
        DevicePipeline pipeline = pipeline(new UploadConfig(UploadMode.TIMER, 1_000, null, false));
        assertThat(pipeline.process(Map.of("t", Sample.good(20.0, 100)), 100).items()).hasSize(1);
        // A new reading arrives before the interval is over: not sent yet, but not forgotten either.
        assertThat(pipeline.process(Map.of("t", Sample.good(21.0, 500)), 500).items()).isEmpty();
        // The server keeps the source time of an unchanged value, so the next read returns the same sample.
        List<UploadItem> due = pipeline.process(Map.of("t", Sample.good(21.0, 500)), 1_200).items();
        assertThat(due).hasSize(1);
        assertThat(due.getFirst().measurepoints()).containsEntry("temp", 21.0);
        assertThat(due.getFirst().time()).isEqualTo(500);
    }

    @Test
    void aReadingWithTheSourceTimeAlreadySentIsNotSentAgain() {
        DevicePipeline pipeline = pipeline(new UploadConfig(UploadMode.TIMER, 1_000, null, false));
        assertThat(pipeline.process(Map.of("t", Sample.good(20.0, 100)), 100).items()).hasSize(1);
        assertThat(pipeline.process(Map.of("t", Sample.good(20.0, 100)), 1_200).items()).isEmpty();
        assertThat(pipeline.process(Map.of("t", Sample.good(20.0, 100)), 5_000).items()).isEmpty();
    }
}
