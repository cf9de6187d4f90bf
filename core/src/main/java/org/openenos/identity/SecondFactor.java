package org.openenos.identity;

import org.openenos.model.identity.User;

/**
 * A step of sign-in after the password (ADR 0034). It answers by throwing: a missing or wrong code, or an enrolment
 * the organization requires. It counts its own failures in the sign-in throttle.
 */
@FunctionalInterface
public interface SecondFactor {
    SecondFactor NONE = (user, code, address) -> {
    };

    /**
     * @param user    the user whose password was right
     * @param code    what the sign-in request carried as a second factor, or null
     * @param address the client address, for the throttle
     */
    void verify(User user, String code, String address);
}
