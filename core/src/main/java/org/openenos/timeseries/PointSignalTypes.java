package org.openenos.timeseries;

import java.util.Optional;
import org.openenos.model.SignalType;

/**
 * The signal type of an asset's measure point from its thing model, so that the {@code ai}, {@code di} and
 * {@code generic} queries only read points of their kind. Empty when unknown; such points are not filtered.
 */
@FunctionalInterface
public interface PointSignalTypes {
    PointSignalTypes UNKNOWN = (orgId, assetId, pointId) -> Optional.empty();

    Optional<SignalType> signalType(String orgId, String assetId, String pointId);
}
