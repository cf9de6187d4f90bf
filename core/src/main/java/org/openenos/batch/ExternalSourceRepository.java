package org.openenos.batch;

import java.util.List;
import java.util.Optional;

/** Registered external sources per organization. */
public interface ExternalSourceRepository {
    /** False when the organization already has a source with this alias. */
    boolean insert(ExternalSource source);

    Optional<ExternalSource> find(String orgId, String alias);

    List<ExternalSource> list(String orgId);

    boolean delete(String orgId, String alias);
}
