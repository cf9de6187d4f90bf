package org.openenos.reporting;

import java.util.List;
import java.util.Optional;

/** Where export definitions are kept; every call is scoped by organization. */
public interface ExportDefinitionStore {
    /** Inserts or replaces the definition with its id. */
    void save(ExportDefinition definition);

    Optional<ExportDefinition> find(String orgId, String definitionId);

    List<ExportDefinition> list(String orgId);

    boolean delete(String orgId, String definitionId);
}
