package org.openenos.sdk;

import java.util.List;

/** Answer of {@code combine.login.batch}: who is online now and who failed (with the reply's code and message). */
public record BatchLoginResult(List<SubDeviceLogin> loggedIn, List<DeviceId> failed, int code, String message) {
}
