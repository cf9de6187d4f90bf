package org.openenos.sdk;

/** A sub-device that is now online behind this gateway, with its asset id. */
public record SubDeviceLogin(String productKey, String deviceKey, String assetId) {
}
