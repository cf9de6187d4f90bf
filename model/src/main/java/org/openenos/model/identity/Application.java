package org.openenos.model.identity;

import java.time.Instant;

/** An application calling the API with appKey/appSecret in the token scheme; it acts with {@code role}. */
public record Application(String orgId, String appKey, String appSecret, String name, String description, Role role,
                          Instant createTime) {
}
