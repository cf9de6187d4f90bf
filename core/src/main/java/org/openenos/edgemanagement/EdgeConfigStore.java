package org.openenos.edgemanagement;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Versions of edge field configurations and the state of each edge gateway (PostgreSQL, migration V210). */
public interface EdgeConfigStore {
    /** Keeps a new version (the previous number + 1 for this gateway) and returns it. */
    EdgeConfigVersion append(String orgId, String assetId, String content, String author, String comment, Instant at);

    /** Every version of the gateway, newest first, without their content when {@code withContent} is false. */
    List<EdgeConfigVersion> versions(String orgId, String assetId, boolean withContent);

    Optional<EdgeConfigVersion> version(String orgId, String assetId, long version);

    void pushed(String orgId, String assetId, long version, Instant at);

    void reported(String orgId, String assetId, Long appliedVersion, String configError, Map<String, Object> status,
                  Instant at);

    Optional<EdgeGatewayState> state(String orgId, String assetId);
}
