package org.openenos.alerting;

import java.util.List;
import java.util.Optional;

/** Severities, types and contents of one organization. */
public interface CatalogStore {
    void save(CatalogEntry entry);

    Optional<CatalogEntry> find(CatalogEntry.Kind kind, String orgId, String id);

    List<CatalogEntry> list(CatalogEntry.Kind kind, String orgId);

    boolean delete(CatalogEntry.Kind kind, String orgId, String id);
}
