package org.openenos.connectivity.mqtt;

import org.openenos.connectivity.DeviceSession;
import org.openenos.connectivity.LoginService;

/**
 * Which topic filters a device may subscribe to: those under its own {@code /sys/{pk}/{dk}/} or
 * {@code /ext/session/{pk}/{dk}/} and, for a gateway, under those of the sub-devices it has logged in — the same
 * devices it may publish for (reference §3.1). The product and device keys must be written out: a wildcard in their
 * place would name other devices' topics. Nothing is delivered by subscription (the server pushes a device's
 * messages whatever it subscribed to), so a refusal only tells the client the truth: it cannot have those topics.
 * An integration channel may subscribe under {@code /sys/{pk}/integration/} of its own product only.
 */
final class SubscriptionAuthorization {
    private SubscriptionAuthorization() {
    }

    static boolean allowed(DeviceSession session, String filter) {
        if (session == null || filter == null) {
            return false;
        }
        String[] levels = filter.split("/", -1);
        int keys;
        if (levels.length >= 4 && levels[0].isEmpty() && levels[1].equals("sys")) {
            keys = 2;
        } else if (levels.length >= 5 && levels[0].isEmpty() && levels[1].equals("ext")
                && levels[2].equals("session")) {
            keys = 3;
        } else {
            return false;
        }
        String productKey = levels[keys];
        String deviceKey = levels[keys + 1];
        if (LoginService.INTEGRATION_CHANNEL.equals(session.device().deviceKey())) {
            // an integration channel (secure mode 4) has only its product's /sys/{pk}/integration/ topics
            return keys == 2 && session.device().productKey().equals(productKey) && deviceKey.equals("integration");
        }
        return literal(productKey) && literal(deviceKey) && session.speaksFor(productKey, deviceKey).isPresent();
    }

    private static boolean literal(String level) {
        return !level.isEmpty() && level.indexOf('+') < 0 && level.indexOf('#') < 0;
    }
}
