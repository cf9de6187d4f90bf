package org.openenos.cluster;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Which node holds each connected device's connection (directly or through a gateway). */
public interface ConnectionDirectory {
    /** The device is now connected to {@code nodeId}; a newer claim replaces an older one on any node. */
    void claim(String deviceKey, String assetId, String nodeId, Instant at);

    /** The device left {@code nodeId}; an entry already claimed by another node stays. */
    void release(String deviceKey, String nodeId);

    /** The node holding the device's connection, if that node heart-beat since {@code aliveSince}. */
    Optional<String> nodeOf(String deviceKey, Instant aliveSince);

    /**
     * Removes the entries of nodes that have not heart-beat since {@code aliveSince} (they died holding them) and
     * returns their devices' asset ids, so they can be marked offline.
     */
    List<String> removeEntriesOfDeadNodes(Instant aliveSince);
}
