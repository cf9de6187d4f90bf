package org.openenos.ota.s3;

import java.net.URI;
import java.util.Objects;

/**
 * Where the object store is and how to reach it.
 *
 * @param endpoint  the store's address, for example {@code http://minio:9000}; {@code null} for AWS S3 itself
 * @param region    the signing region (S3-compatible stores accept any, {@code us-east-1} is the usual choice)
 * @param bucket    the bucket, which must exist
 * @param accessKey access key id; with an empty one the SDK's default credential chain is used (environment,
 *                  instance profile)
 * @param secretKey secret access key
 * @param pathStyle address the bucket as {@code endpoint/bucket/key} rather than {@code bucket.endpoint/key}; most
 *                  self-hosted stores need it
 * @param prefix    folder in the bucket under which every key lives (several stores may share a bucket)
 * @param partSize  bytes per part of a multipart upload, at least 5 MiB (S3's minimum); it bounds the memory one
 *                  upload holds
 */
public record S3Settings(URI endpoint, String region, String bucket, String accessKey, String secretKey,
                         boolean pathStyle, String prefix, int partSize) {
    public static final int MIN_PART_SIZE = 5 * 1024 * 1024;

    public S3Settings {
        Objects.requireNonNull(region, "region");
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("an S3 bucket is required");
        }
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("S3 part size must be at least 5MB, is " + partSize);
        }
        prefix = prefix == null ? "" : prefix;
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        accessKey = accessKey == null ? "" : accessKey;
        secretKey = secretKey == null ? "" : secretKey;
    }

    /** The same store, keys under another folder of the bucket. */
    public S3Settings withPrefix(String newPrefix) {
        return new S3Settings(endpoint, region, bucket, accessKey, secretKey, pathStyle, newPrefix, partSize);
    }

    /** Never prints the secret key. */
    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + ", accessKey="
                + accessKey + ", pathStyle=" + pathStyle + ", prefix=" + prefix + ", partSize=" + partSize + "]";
    }
}
