package org.openenos.edgemanagement;

import java.time.Instant;

/** One saved version of an edge gateway's field configuration; versions count up from 1 per gateway. */
public record EdgeConfigVersion(String orgId, String assetId, long version, String content, String author,
                                Instant createdAt, String comment) {
}
