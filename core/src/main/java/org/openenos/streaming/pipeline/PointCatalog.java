package org.openenos.streaming.pipeline;

import java.util.Optional;
import java.util.Set;

/** The measure points of the models of one organization, for checking the points a pipeline names. */
public interface PointCatalog {
    /** Checks nothing: used where no model registry is at hand (the definition is checked again at release). */
    PointCatalog ANY = modelId -> Optional.of(Set.of());

    /** The model's measure point ids, with those it inherits; empty when the organization has no such model. */
    Optional<Set<String>> points(String modelId);
}
