package org.openenos.ota;

import java.time.Instant;
import java.util.Map;

/**
 * A firmware file of a product as EnOS describes it: its version, the digest devices verify ({@code signMethod}
 * {@code md5} or {@code sha256}, {@code sign} hex), its size, an optional lowest version it may be applied over, and
 * release notes. Both digests are computed on upload, whichever the caller signed with.
 */
public record Firmware(String firmwareId, String orgId, String productKey, String name, String version,
                       String signMethod, String sign, String md5, String sha256, long fileSize, String minVersion,
                       String desc, Map<String, String> tags, Instant createTime) {
    public Firmware {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** Where the file lies in the file store: its organization's folder, then its id. */
    public String fileKey() {
        return fileKey(orgId, firmwareId);
    }

    public static String fileKey(String orgId, String firmwareId) {
        return orgId + "/" + firmwareId;
    }
}
