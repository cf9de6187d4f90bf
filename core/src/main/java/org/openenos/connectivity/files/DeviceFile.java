package org.openenos.connectivity.files;

import java.time.Instant;

/** A file a device or an application uploaded for a device; its bytes live in the file store under org/fileId. */
public record DeviceFile(String fileId, String orgId, String assetId, String fileName, long size, String md5,
                         Instant createTime) {
    /** The URI that file-type measure points carry and that download and delete take. */
    public static final String URI_SCHEME = "enos-connect://";

    public String fileUri() {
        return URI_SCHEME + fileId;
    }

    String storageKey() {
        return orgId + "/" + fileId;
    }
}
