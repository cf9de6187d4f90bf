package org.openenos.error;

/**
 * Stable error codes. Each has a dotted name for logs and problem details, the EnOS numeric code that API and device
 * replies carry, and whether a retry can help. Translation to MQTT/HTTP happens only at the adapters.
 */
public enum ErrorCode {
    BAD_ARGUMENT("request.bad_argument", 99400, false),
    UNAUTHENTICATED("auth.unauthenticated", 99401, false),
    FORBIDDEN("auth.forbidden", 99403, false),
    NOT_FOUND("resource.not_found", 99404, false),
    CONFLICT("resource.conflict", 99409, false),
    TOO_MANY_REQUESTS("request.throttled", 99429, true),
    INTERNAL("internal.error", 99500, true),
    UNAVAILABLE("service.unavailable", 99503, true),

    MODEL_INVALID("model.invalid", 99400, false),
    MODEL_NOT_FOUND("model.not_found", 99404, false),
    PRODUCT_NOT_FOUND("product.not_found", 99404, false),
    DEVICE_NOT_FOUND("device.not_found", 99404, false),
    DEVICE_KEY_EXISTS("device.key_exists", 11702, false),
    ASSET_NOT_FOUND("asset.not_found", 99404, false),
    TREE_NOT_FOUND("tree.not_found", 17404, false),
    TREE_PARENT_NOT_IN_TREE("tree.parent_not_in_tree", 17752, false),
    TREE_TOO_DEEP("tree.too_deep", 17770, false),

    TOKEN_DUPLICATED("token.duplicated_encryption", 1001, false),
    TOKEN_UNKNOWN_APP("token.unknown_app", 1002, false),
    TOKEN_BAD_ENCRYPTION("token.bad_encryption", 1003, false),
    TOKEN_BAD_PARAMETER("token.bad_parameter", 1004, false),
    TOKEN_EXPIRED("token.expired", 1203, false),

    TSDB_BAD_ARGUMENT("tsdb.bad_argument", 80400, false),
    TSDB_INTERNAL("tsdb.internal", 80500, true);

    private final String key;
    private final int enosCode;
    private final boolean retryable;

    ErrorCode(String key, int enosCode, boolean retryable) {
        this.key = key;
        this.enosCode = enosCode;
        this.retryable = retryable;
    }

    public String key() {
        return key;
    }

    public int enosCode() {
        return enosCode;
    }

    public boolean retryable() {
        return retryable;
    }
}
