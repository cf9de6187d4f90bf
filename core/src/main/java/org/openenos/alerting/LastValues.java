package org.openenos.alerting;

import java.util.Optional;

/**
 * The stored value of a point at or before a time. A node that takes over an asset (ADR 0122), or restarts, knows no
 * value of the asset's points yet; a condition over several points reads the ones it has not seen from here, so it is
 * evaluated on the first value after the hand-over instead of waiting until every point has reported again.
 */
@FunctionalInterface
public interface LastValues {
    LastValues NONE = (orgId, assetId, pointId, time) -> Optional.empty();

    Optional<Object> atOrBefore(String orgId, String assetId, String pointId, long time);
}
