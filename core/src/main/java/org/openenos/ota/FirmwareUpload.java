package org.openenos.ota;

import java.util.Map;

/** What an upload declares about its file: the {@code metadata} part of EnOS's create request. */
public record FirmwareUpload(String orgId, String productKey, String name, String version, String signMethod,
                             String sign, String minVersion, String desc, Map<String, String> tags,
                             Firmware.Verification verification) {
    public FirmwareUpload(String orgId, String productKey, String name, String version, String signMethod,
                          String sign, String minVersion, String desc, Map<String, String> tags) {
        this(orgId, productKey, name, version, signMethod, sign, minVersion, desc, tags, Firmware.Verification.NONE);
    }
}
