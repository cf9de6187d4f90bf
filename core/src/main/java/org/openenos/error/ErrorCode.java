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
    TSDB_INTERNAL("tsdb.internal", 80500, true),

    // device connectivity: the numeric codes are the EnOS device reply codes (reference §2)
    DEVICE_UNKNOWN("device.unknown", 705, false),
    DEVICE_DISABLED("device.disabled", 723, false),
    DEVICE_NOT_SUB_DEVICE("device.not_sub_device_of_gateway", 740, false),
    DEVICE_SIGN_INVALID("device.sign_invalid", 742, false),
    DEVICE_TLS_REQUIRED("device.tls_required", 746, false),
    DEVICE_CERTIFICATE_NOT_BOUND("device.certificate_not_bound", 742, false),
    DEVICE_ACTIVATION_NOT_ALLOWED("device.activation_not_allowed", 770, false),
    DEVICE_MESSAGE_TOO_LARGE("device.message_too_large", 1008, false),
    DEVICE_TOPIC_NOT_WRITABLE("device.topic_not_writable", 1009, false),
    DEVICE_MODEL_VALIDATION_FAILED("device.model_validation_failed", 1204, false),
    DEVICE_MEASUREPOINT_FORMAT("device.measurepoint_format", 1206, false),
    DEVICE_ATTRIBUTE_UPDATE_FORMAT("device.attribute_update_format", 1207, false),
    DEVICE_ATTRIBUTE_QUERY_FORMAT("device.attribute_query_format", 1208, false),
    DEVICE_ATTRIBUTE_DELETE_FORMAT("device.attribute_delete_format", 1209, false),
    DEVICE_SUB_DEVICE_NOT_PERMITTED("device.sub_device_not_permitted", 1212, false),
    DEVICE_PAYLOAD_FORMAT("device.payload_format", 1220, false),
    DEVICE_TOPO_ADD_FAILED("device.topo_add_failed", 1255, false),
    DEVICE_NOT_FOUND_ON_TOPIC("device.not_found_on_topic", 1257, false),
    DEVICE_METHOD_TOPIC_MISMATCH("device.method_topic_mismatch", 1260, false),
    COMMAND_DEVICE_NOT_ACTIVATED("command.device_not_activated", 11888, false),
    COMMAND_DEVICE_OFFLINE("command.device_offline", 11900, true),
    COMMAND_CACHE_FULL("command.cache_full", 11902, true),
    COMMAND_NOT_SENT("command.not_sent", 11904, true),
    COMMAND_REPLY_TIMEOUT("command.reply_timeout", 11915, true),
    COMMAND_CANNOT_ENCODE("command.cannot_encode", 11810, false),
    PRODUCT_SCRIPT_NOT_FOUND("product.script_not_found", 99404, false),
    COMMAND_NOT_FOUND("command.not_found", 99404, false),
    CERTIFICATE_INVALID_CSR("certificate.invalid_csr", 99400, false),
    CERTIFICATE_NOT_FOUND("certificate.not_found", 99404, false),
    CERTIFICATE_SELF_SERVICE_REFUSED("certificate.self_service_refused", 99403, false),
    HTTP_SESSION_INVALID("device.http_session_invalid", 401, false),

    // two-factor sign-in (ADR 0034): the password was right, a second step is missing
    SECOND_FACTOR_REQUIRED("auth.second_factor_required", 99411, false),
    SECOND_FACTOR_ENROLMENT_REQUIRED("auth.second_factor_enrolment_required", 99412, false),

    // stream processing: the numeric codes are those of EnOS's /streaming/v2.0 API
    STREAM_MISSING_PARAMETER("stream.missing_parameter", 61102, false),
    STREAM_TOO_MANY_POINTS("stream.too_many_points", 61105, false),
    STREAM_VERSION_NOT_FOUND("stream.version_not_found", 61109, false),
    STREAM_CHAIN_LOOP("stream.chain_loop", 61110, false),
    STREAM_INVALID_CONFIG("stream.invalid_config", 61107, false),
    STREAM_PIPELINE_NOT_FOUND("stream.pipeline_not_found", 61108, false),
    STREAM_ILLEGAL_STATUS("stream.illegal_status", 61152, false),
    STREAM_RELEASE_WHILE_RUNNING("stream.release_while_running", 61169, false),
    STREAM_ENGINE_FAILED("stream.engine_failed", 61122, true);

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
