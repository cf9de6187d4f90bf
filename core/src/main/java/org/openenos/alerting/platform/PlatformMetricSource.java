package org.openenos.alerting.platform;

import java.util.List;

/** Reads the platform objects of one kind (every organization's), for {@link PlatformMetricsSampler}. */
@FunctionalInterface
public interface PlatformMetricSource {
    List<PlatformSample> sample();
}
