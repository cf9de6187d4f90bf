package org.openenos.subscription;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a subscription carries. The codes are the ones the EnOS subscription SDKs send in {@code AuthReq.subType} and
 * {@code SubReq.category}: 0 real-time data, 1 alerts, 3 offline (resumed) data, 4 events (2 is unused and 5,
 * advanced alerts, is not offered).
 */
public enum SubscriptionType {
    REAL_TIME(0), ALERT(1), OFFLINE(3), EVENT(4);

    private final int code;

    SubscriptionType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<SubscriptionType> ofCode(int code) {
        return Arrays.stream(values()).filter(t -> t.code == code).findFirst();
    }
}
