package org.openenos.model.identity;

import java.time.Instant;

/** A person who signs in with a password; {@code orgId} is null for the super-administrator. */
public record User(String userId, String username, String orgId, Role role, String email, boolean enabled,
                   Instant createTime) {
}
