package org.openenos.protocol;

/** The response codes that device replies carry (reference §2; DCD {@code reference/mqtt/common_param.md}). */
public final class ResponseCodes {
    public static final int SUCCESS = 200;

    // login and sub-device login
    public static final int DEVICE_NOT_EXIST = 705;
    public static final int DEVICE_KEY_EXISTS = 702;
    public static final int KEY_GENERATION_FAILED = 714;
    public static final int DEVICE_DISABLED = 723;
    public static final int PRODUCT_DEVICE_LIMIT = 739;
    public static final int NOT_SUB_DEVICE_OF_GATEWAY = 740;
    public static final int SIGN_CHECK_FAILED = 742;
    public static final int MUST_LOGIN_BY_SSL = 746;
    public static final int DYNAMIC_ACTIVATION_NOT_ALLOWED = 770;
    public static final int SUB_DEVICE_CANNOT_CONNECT_DIRECTLY = 771;

    // transport
    public static final int MESSAGE_TOO_LARGE = 1008;
    public static final int TOPIC_NOT_WRITABLE = 1009;
    public static final int NO_COMMAND_HANDLER = 1101;
    public static final int COMMAND_HANDLER_FAILED = 1102;

    // per topic
    public static final int MODEL_VALIDATION_FAILED = 1204;
    public static final int MEASUREPOINT_FORMAT_ERROR = 1206;
    public static final int ATTRIBUTE_UPDATE_FORMAT_ERROR = 1207;
    public static final int ATTRIBUTE_QUERY_FORMAT_ERROR = 1208;
    public static final int ATTRIBUTE_DELETE_FORMAT_ERROR = 1209;
    public static final int NO_SUB_DEVICE_PERMISSION = 1212;
    public static final int PAYLOAD_FORMAT_ERROR = 1220;
    public static final int EMPTY_PAYLOAD = 1251;
    public static final int TOPO_ADD_FAILED = 1255;
    public static final int DEVICE_NOT_FOUND = 1257;
    public static final int METHOD_TOPIC_MISMATCH = 1260;

    /** Not in the reference: the server could not make the data durable; the device should retry. */
    public static final int SERVER_ERROR = 500;

    private ResponseCodes() {
    }

    public static boolean isSuccess(int code) {
        return code == SUCCESS;
    }
}
