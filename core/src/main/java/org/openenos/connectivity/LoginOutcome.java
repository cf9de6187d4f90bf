package org.openenos.connectivity;

import org.openenos.error.ErrorCode;
import org.openenos.model.Device;

/** The result of a login: accepted with the device (and its new secret after dynamic activation), or refused. */
public sealed interface LoginOutcome {

    /**
     * {@code activatedDevice} is set only after a dynamic activation (secure mode 3): the server must then publish
     * {@code thing.activate.info} with its secret (reference §1.3).
     */
    record Accepted(DeviceRef device, boolean gateway, Device activatedDevice) implements LoginOutcome {
    }

    /** {@code badCredentials} separates a wrong sign (CONNACK 4) from a refusal of a known identity (CONNACK 5). */
    record Refused(ErrorCode reason, String message, boolean badCredentials) implements LoginOutcome {
    }
}
