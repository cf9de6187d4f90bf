package org.openenos.connectivity.upstream;

import org.openenos.connectivity.UpstreamContext;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;

/** Sub-device and topology requests are for gateways only, on the gateway's own topic. */
final class GatewayOnly {
    private GatewayOnly() {
    }

    static void check(UpstreamContext context) {
        if (!context.session().gateway() || context.target() != context.session().device()) {
            throw new OpenEnosException(ErrorCode.DEVICE_TOPIC_NOT_WRITABLE, "only a gateway may manage sub-devices");
        }
    }
}
