package org.openenos.server;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Platform metrics that alert rules can watch (docs/configuration.md, "Platform metrics"): stream jobs and
 * subscription consumer groups read as measure points of system assets.
 *
 * @param interval how often stream jobs and subscription consumer groups are read and handed to the alert engine
 *                 (alert rules on their lag see a change at most this late)
 */
@ConfigurationProperties("openenos.platform-metrics")
public record PlatformMetricsProperties(@DefaultValue("10s") Duration interval) {
}
