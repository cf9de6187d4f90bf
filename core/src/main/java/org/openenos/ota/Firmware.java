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
                       String desc, Map<String, String> tags, Instant createTime, Verification verification) {
    public Firmware {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        verification = verification == null ? Verification.NONE : verification;
    }

    /** A firmware that needs no verification. */
    public Firmware(String firmwareId, String orgId, String productKey, String name, String version, String signMethod,
                    String sign, String md5, String sha256, long fileSize, String minVersion, String desc,
                    Map<String, String> tags, Instant createTime) {
        this(firmwareId, orgId, productKey, name, version, signMethod, sign, md5, sha256, fileSize, minVersion, desc,
                tags, createTime, Verification.NONE);
    }

    /**
     * EnOS's firmware verification (enos-ota §3): with {@code enabled}, the firmware must pass a verify job on at
     * most {@code maxAllowed} devices, {@code minSuccess} of which upgrade successfully, before upgrade jobs may use
     * it; {@code verified} records that it did.
     */
    public record Verification(boolean enabled, int maxAllowed, int minSuccess, boolean verified) {
        public static final Verification NONE = new Verification(false, 0, 0, true);

        public Verification {
            if (enabled && (maxAllowed < 1 || minSuccess < 1 || minSuccess > maxAllowed)) {
                throw new IllegalArgumentException("maxAllowedForVerification must be at least 1 and "
                        + "minSuccessForVerified between 1 and maxAllowedForVerification");
            }
        }

        public Verification asVerified() {
            return new Verification(enabled, maxAllowed, minSuccess, true);
        }
    }

    public boolean usableForUpgrade() {
        return verification.verified();
    }

    /** Where the file lies in the file store: its organization's folder, then its id. */
    public String fileKey() {
        return fileKey(orgId, firmwareId);
    }

    public static String fileKey(String orgId, String firmwareId) {
        return orgId + "/" + firmwareId;
    }
}
