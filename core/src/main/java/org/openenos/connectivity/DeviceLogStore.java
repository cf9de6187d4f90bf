package org.openenos.connectivity;

import java.time.Instant;
import java.util.List;
import org.openenos.model.identity.AssetScope;

/**
 * The logs and network status reports devices post, kept per device up to a bound (the oldest go first), so a
 * chatty device cannot fill the database.
 */
public interface DeviceLogStore {
    void append(DeviceLog log);

    /** Newest first. */
    List<DeviceLog> search(Query query);

    long count(Query query);

    /**
     * {@code orgId} required, the rest optional; {@code to} is exclusive. {@code scope}: the devices under these
     * nodes of asset trees only; the whole organization when null.
     */
    record Query(String orgId, String assetId, DeviceLog.Kind kind, String level, Instant from, Instant to,
                 int offset, int limit, AssetScope scope) {
        public Query {
            scope = scope == null ? AssetScope.ORGANIZATION : scope;
        }

        public Query(String orgId, String assetId, DeviceLog.Kind kind, String level, Instant from, Instant to,
                     int offset, int limit) {
            this(orgId, assetId, kind, level, from, to, offset, limit, AssetScope.ORGANIZATION);
        }
    }

    /** Used where no store is wired (gateway tests, benchmarks): the records are dropped. */
    DeviceLogStore NONE = new DeviceLogStore() {
        @Override
        public void append(DeviceLog log) {
        }

        @Override
        public List<DeviceLog> search(Query query) {
            return List.of();
        }

        @Override
        public long count(Query query) {
            return 0;
        }
    };
}
