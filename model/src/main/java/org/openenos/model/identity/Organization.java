package org.openenos.model.identity;

import java.time.Instant;

/** A tenant: every resource belongs to exactly one organization. */
public record Organization(String orgId, String name, String description, Instant createTime) {
}
