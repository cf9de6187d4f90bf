package org.openenos.batch;

import java.util.Map;

/**
 * One task of a workflow. {@code config} holds the kind's settings (for SQL: {@code sql}, {@code target}...); its
 * values may contain system variables such as {@code ${cal_dt}}, resolved when an instance runs. Limits: the task
 * is stopped after {@code timeoutSeconds} and fails after {@code retryLimit} retries {@code retryIntervalSeconds}
 * apart; {@code maxRows} caps what it may read or write.
 */
public record TaskSpec(String name, TaskKind kind, Map<String, String> config, int timeoutSeconds, int retryLimit,
                       int retryIntervalSeconds, long maxRows) {
    public static final int MAX_NAME = 128;

    public TaskSpec {
        config = config == null ? Map.of() : Map.copyOf(config);
    }

    public String setting(String key) {
        return config.get(key);
    }
}
