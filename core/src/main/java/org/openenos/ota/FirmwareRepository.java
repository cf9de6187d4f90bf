package org.openenos.ota;

import java.util.List;
import java.util.Optional;

/** Firmware metadata, per organization. */
public interface FirmwareRepository {
    /** Query of a search; null fields do not filter. */
    record Query(String orgId, String productKey, String version, int offset, int limit) {
    }

    void insert(Firmware firmware);

    Optional<Firmware> find(String orgId, String firmwareId);

    Optional<Firmware> findVersion(String orgId, String productKey, String version);

    List<Firmware> search(Query query);

    long count(Query query);

    boolean delete(String orgId, String firmwareId);

    /** Records that the firmware passed its verify job; false when it was verified already (or is gone). */
    boolean markVerified(String orgId, String firmwareId);
}
