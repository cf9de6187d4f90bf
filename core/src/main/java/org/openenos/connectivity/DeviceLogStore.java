package org.openenos.connectivity;

import java.time.Instant;
import java.util.List;

/**
 * The logs and network status reports devices post, kept per device up to a bound (the oldest go first), so a
 * chatty device cannot fill the database.
 */
public interface DeviceLogStore {
    void append(DeviceLog log);

    /** Newest first. */
    List<DeviceLog> search(Query query);

    long count(Query query);

    /** {@code orgId} required, the rest optional; {@code to} is exclusive. */
    record Query(String orgId, String assetId, DeviceLog.Kind kind, String level, Instant from, Instant to,
                 int offset, int limit) {
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
