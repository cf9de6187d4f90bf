package org.openenos.testkit;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.openenos.reporting.ExportDefinition;
import org.openenos.reporting.ExportDefinitionStore;

/** Export definitions in a map, for tests of the use cases and renderers. */
public final class InMemoryExportDefinitions implements ExportDefinitionStore {
    private final Map<String, ExportDefinition> byKey = new ConcurrentHashMap<>();

    @Override
    public void save(ExportDefinition d) {
        byKey.put(d.orgId() + "/" + d.definitionId(), d);
    }

    @Override
    public Optional<ExportDefinition> find(String orgId, String definitionId) {
        return Optional.ofNullable(byKey.get(orgId + "/" + definitionId));
    }

    @Override
    public List<ExportDefinition> list(String orgId) {
        return byKey.values().stream().filter(d -> d.orgId().equals(orgId))
                .sorted(Comparator.comparing(ExportDefinition::name)).toList();
    }

    @Override
    public boolean delete(String orgId, String definitionId) {
        return byKey.remove(orgId + "/" + definitionId) != null;
    }
}
