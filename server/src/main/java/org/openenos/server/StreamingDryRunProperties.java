package org.openenos.server;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds of stream job dry runs (docs/configuration.md, "Stream processing"): a dry run reads stored history and
 * runs it through the engine in memory, so what one request may ask for is limited.
 *
 * @param maxSpan        the longest span of history one dry run reads
 * @param maxAssets      the most assets one dry run reads
 * @param maxInputValues the most input values one dry run reads (EnOS's stage-state limit is 100,000 points)
 */
@ConfigurationProperties("openenos.streaming.dry-run")
public record StreamingDryRunProperties(@DefaultValue("7d") Duration maxSpan,
                                        @DefaultValue("100") int maxAssets,
                                        @DefaultValue("100000") int maxInputValues) {
}
