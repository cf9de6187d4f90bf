package org.openenos.streaming;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A stream job as users define it. {@code config} is the draft being edited (the template's policy table, kept as the
 * JSON-shaped map the API received); {@code releasedConfig} the definition the engine runs, fixed at release, with
 * its {@code releasedVersion}. {@code version} counts saves of the draft.
 */
public record StreamJob(String pipelineId, String orgId, String name, TemplateType templateType,
                        Map<String, Object> config, Map<String, Object> releasedConfig, int version,
                        int releasedVersion, JobStatus status, String statusMessage, Instant createTime,
                        Instant updateTime) {
    public StreamJob {
        Objects.requireNonNull(pipelineId);
        Objects.requireNonNull(orgId);
        Objects.requireNonNull(templateType);
        Objects.requireNonNull(status);
        config = config == null ? Map.of() : config;
    }

    public StreamJob withStatus(JobStatus newStatus, String message, Instant now) {
        return new StreamJob(pipelineId, orgId, name, templateType, config, releasedConfig, version,
                releasedVersion, newStatus, message, createTime, now);
    }

    public StreamJob withDraft(String newName, Map<String, Object> newConfig, Instant now) {
        return new StreamJob(pipelineId, orgId, newName, templateType, newConfig, releasedConfig, version + 1,
                releasedVersion, status, statusMessage, createTime, now);
    }

    public StreamJob released(Instant now) {
        return new StreamJob(pipelineId, orgId, name, templateType, config, config, version, version,
                JobStatus.PUBLISHED, null, createTime, now);
    }
}
