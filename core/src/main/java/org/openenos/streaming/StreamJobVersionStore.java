package org.openenos.streaming;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Storage of the released versions of stream jobs; every read is scoped by organization. */
public interface StreamJobVersionStore {
    /** Stores a release; storing the same (job, version) again replaces it. */
    void insert(StreamJobVersion version);

    /** Versions of a job, newest first. */
    List<StreamJobVersion> list(String orgId, String pipelineId);

    Optional<StreamJobVersion> find(String orgId, String pipelineId, int version);

    void deleteAll(String orgId, String pipelineId);

    /** Versions kept in memory, for tests and servers without a database. */
    static StreamJobVersionStore inMemory() {
        return new StreamJobVersionStore() {
            private final List<StreamJobVersion> versions = new CopyOnWriteArrayList<>();

            @Override
            public void insert(StreamJobVersion v) {
                versions.removeIf(o -> same(o, v.orgId(), v.pipelineId()) && o.version() == v.version());
                versions.add(v);
            }

            @Override
            public List<StreamJobVersion> list(String orgId, String pipelineId) {
                var result = new ArrayList<StreamJobVersion>();
                versions.stream().filter(v -> same(v, orgId, pipelineId)).forEach(result::add);
                result.sort(Comparator.comparingInt(StreamJobVersion::version).reversed());
                return result;
            }

            @Override
            public Optional<StreamJobVersion> find(String orgId, String pipelineId, int version) {
                return versions.stream().filter(v -> same(v, orgId, pipelineId) && v.version() == version).findFirst();
            }

            @Override
            public void deleteAll(String orgId, String pipelineId) {
                versions.removeIf(v -> same(v, orgId, pipelineId));
            }

            private static boolean same(StreamJobVersion v, String orgId, String pipelineId) {
                return v.orgId().equals(orgId) && v.pipelineId().equals(pipelineId);
            }
        };
    }
}
