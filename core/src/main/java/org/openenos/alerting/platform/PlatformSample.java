package org.openenos.alerting.platform;

import java.util.Map;

/**
 * One reading of a platform object (a stream job, a subscription's consumer group) as the measure points of a
 * system asset: {@code assetId} names the object in its organization, {@code points} are its numbers now.
 */
public record PlatformSample(String orgId, String modelId, String assetId, String name, Map<String, Double> points) {
    public PlatformSample {
        points = Map.copyOf(points);
    }
}
