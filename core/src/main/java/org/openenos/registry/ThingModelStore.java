package org.openenos.registry;

import java.util.List;
import java.util.Optional;
import org.openenos.model.ThingModel;

/** Persistence of thing models. Public models have a null orgId. */
public interface ThingModelStore {
    void insert(ThingModel model);

    void update(ThingModel model);

    /** The org's own model with this id, or else the public one. */
    Optional<ThingModel> find(String orgId, String modelId);

    /** The org's own models and the public ones. */
    List<ThingModel> listVisible(String orgId);

    boolean delete(String orgId, String modelId);

    /** Models (of any org) whose modelIdPath contains this model as an ancestor. */
    boolean hasChildren(String orgId, String modelId);
}
