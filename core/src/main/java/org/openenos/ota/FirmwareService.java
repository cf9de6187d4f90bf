package org.openenos.ota;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.files.SizeLimitedInputStream;
import org.openenos.model.Product;
import org.openenos.registry.DeviceDirectory;

/**
 * The firmware store: uploads streamed through both digests into the file store (never whole in memory), checked
 * against the declared sign and the size limit, then recorded; downloads streamed back from any offset; deletes
 * refused while an unfinished job rolls the firmware out.
 */
public final class FirmwareService {
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{32,128}");
    private static final int MAX_TEXT = 256;

    private final FirmwareRepository repository;
    private final FirmwareFiles files;
    private final OtaJobRepository jobs;
    private final DeviceDirectory directory;
    private final long maxBytes;
    private final Clock clock;

    public FirmwareService(FirmwareRepository repository, FirmwareFiles files, OtaJobRepository jobs,
                           DeviceDirectory directory, long maxBytes, Clock clock) {
        this.repository = repository;
        this.files = files;
        this.jobs = jobs;
        this.directory = directory;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public Firmware upload(FirmwareUpload meta, InputStream content) {
        Product product = productOf(meta.orgId(), meta.productKey());
        String version = required(meta.version(), "version");
        String signMethod = required(meta.signMethod(), "signMethod").toLowerCase(Locale.ROOT);
        if (!signMethod.equals("md5") && !signMethod.equals("sha256")) {
            throw OpenEnosException.badArgument("signMethod must be md5 or sha256");
        }
        String sign = required(meta.sign(), "sign").toLowerCase(Locale.ROOT);
        if (!HEX.matcher(sign).matches()) {
            throw OpenEnosException.badArgument("sign must be the hex digest of the file");
        }
        if (repository.findVersion(meta.orgId(), product.productKey(), version).isPresent()) {
            throw new OpenEnosException(ErrorCode.CONFLICT,
                    "product " + product.productKey() + " already has firmware version " + version);
        }
        String firmwareId = UUID.randomUUID().toString().replace("-", "");
        String key = Firmware.fileKey(meta.orgId(), firmwareId);
        MessageDigest md5 = digest("MD5");
        MessageDigest sha256 = digest("SHA-256");
        SizeLimitedInputStream counted = new SizeLimitedInputStream(
                new DigestInputStream(new DigestInputStream(content, md5), sha256), maxBytes);
        try {
            files.put(key, counted);
        } catch (SizeLimitedInputStream.LimitExceeded e) {
            deleteQuietly(key);
            throw OpenEnosException.badArgument("firmware file larger than the limit of " + maxBytes + " bytes");
        } catch (IOException e) {
            deleteQuietly(key);
            throw new UncheckedIOException("firmware upload failed", e);
        }
        String md5Hex = HexFormat.of().formatHex(md5.digest());
        String sha256Hex = HexFormat.of().formatHex(sha256.digest());
        String actual = signMethod.equals("md5") ? md5Hex : sha256Hex;
        if (!actual.equals(sign)) {
            deleteQuietly(key);
            throw OpenEnosException.badArgument("sign does not match the uploaded file: its " + signMethod + " is "
                    + actual + ", the request says " + sign);
        }
        if (counted.count() == 0) {
            deleteQuietly(key);
            throw OpenEnosException.badArgument("the firmware file is empty");
        }
        Firmware firmware = new Firmware(firmwareId, meta.orgId(), product.productKey(),
                meta.name() == null || meta.name().isBlank() ? version : clip(meta.name()), version, signMethod, sign,
                md5Hex, sha256Hex, counted.count(), blankToNull(meta.minVersion()), blankToNull(meta.desc()),
                meta.tags(), clock.instant(), meta.verification());
        try {
            repository.insert(firmware);
        } catch (RuntimeException e) {
            deleteQuietly(key);
            throw e;
        }
        return firmware;
    }

    public Firmware get(String orgId, String firmwareId) {
        return repository.find(orgId, firmwareId)
                .orElseThrow(() -> OpenEnosException.notFound(ErrorCode.NOT_FOUND, "firmware " + firmwareId));
    }

    public List<Firmware> search(FirmwareRepository.Query query) {
        return repository.search(query);
    }

    public long count(FirmwareRepository.Query query) {
        return repository.count(query);
    }

    public void delete(String orgId, String firmwareId) {
        Firmware firmware = get(orgId, firmwareId);
        if (jobs.unfinishedUsing(orgId, firmwareId) > 0) {
            throw new OpenEnosException(ErrorCode.CONFLICT,
                    "firmware " + firmwareId + " is used by an OTA job that is not finished; cancel the job first");
        }
        repository.delete(orgId, firmwareId);
        deleteQuietly(firmware.fileKey());
    }

    /** The file from {@code offset} on; the caller closes it. */
    public InputStream open(Firmware firmware, long offset) {
        try {
            return files.open(firmware.fileKey(), offset);
        } catch (IOException e) {
            throw new UncheckedIOException("firmware file " + firmware.firmwareId() + " cannot be read", e);
        }
    }

    private Product productOf(String orgId, String productKey) {
        return directory.product(required(productKey, "productKey")).filter(p -> p.orgId().equals(orgId))
                .orElseThrow(() -> OpenEnosException.notFound(ErrorCode.PRODUCT_NOT_FOUND, "product " + productKey));
    }

    private void deleteQuietly(String key) {
        try {
            files.delete(key);
        } catch (IOException | RuntimeException ignored) {
            // an orphan file wastes space but is never served: no record points at it
        }
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw OpenEnosException.badArgument(field + " is required");
        }
        if (value.length() > MAX_TEXT) {
            throw OpenEnosException.badArgument(field + " is longer than " + MAX_TEXT + " characters");
        }
        return value.strip();
    }

    private static String clip(String s) {
        return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) : s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
