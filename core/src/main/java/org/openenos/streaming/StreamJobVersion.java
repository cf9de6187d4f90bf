package org.openenos.streaming;

import java.time.Instant;
import java.util.Map;

/** One release of a stream job: the definition the engine ran from {@code releaseTime} on, kept after later releases. */
public record StreamJobVersion(String pipelineId, String orgId, int version, String name, TemplateType templateType,
                               Map<String, Object> config, Instant releaseTime) {
    public StreamJobVersion {
        config = config == null ? Map.of() : config;
    }

    static StreamJobVersion of(StreamJob released) {
        return new StreamJobVersion(released.pipelineId(), released.orgId(), released.releasedVersion(),
                released.name(), released.templateType(), released.releasedConfig(), released.updateTime());
    }
}
