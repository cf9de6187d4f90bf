package org.openenos.ota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.error.ErrorCode;
import org.openenos.error.OpenEnosException;
import org.openenos.model.Product;
import org.openenos.model.StringI18n;
import org.openenos.testkit.InMemoryDeviceDirectory;
import org.openenos.testkit.ManualClock;

class FirmwareServiceTest {
    @TempDir
    Path dir;

    private final List<Firmware> records = new ArrayList<>();

    @Test
    void aFileOverTheLimitIsRefusedWhileStreamingAndNothingIsKept() throws Exception {
        FirmwareService service = service(1000);
        byte[] file = new byte[1001];

        assertThatThrownBy(() -> service.upload(upload("org1", "1.0", "sha256", sha256(file)),
                new ByteArrayInputStream(file)))
                .isInstanceOf(OpenEnosException.class).hasMessageContaining("larger than the limit of 1000 bytes");
        assertThat(records).isEmpty();
        assertThat(filesUnder(dir)).isEmpty();
    }

    @Test
    void aFileSignedWithSha256IsStoredWithBothDigests() throws Exception {
        FirmwareService service = service(1000);
        byte[] file = "firmware image".getBytes();

        Firmware f = service.upload(upload("org1", "1.0", "SHA256", sha256(file).toUpperCase()),
                new ByteArrayInputStream(file));

        assertThat(f.signMethod()).isEqualTo("sha256");
        assertThat(f.sha256()).isEqualTo(sha256(file));
        assertThat(f.md5()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(file)));
        assertThat(f.fileSize()).isEqualTo(file.length);
        assertThat(service.open(f, 9).readAllBytes()).isEqualTo("image".getBytes());
    }

    @Test
    void aVersionIsUploadedOncePerProductAndOnlyToOnesOwnProducts() throws Exception {
        FirmwareService service = service(1000);
        byte[] file = "x".getBytes();
        service.upload(upload("org1", "1.0", "sha256", sha256(file)), new ByteArrayInputStream(file));

        assertThatThrownBy(() -> service.upload(upload("org1", "1.0", "sha256", sha256(file)),
                new ByteArrayInputStream(file)))
                .isInstanceOfSatisfying(OpenEnosException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThatThrownBy(() -> service.upload(upload("org2", "2.0", "sha256", sha256(file)),
                new ByteArrayInputStream(file)))
                .isInstanceOfSatisfying(OpenEnosException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.PRODUCT_NOT_FOUND));
    }

    private FirmwareService service(long maxBytes) throws IOException {
        InMemoryDeviceDirectory directory = new InMemoryDeviceDirectory().add(new Product("org1", "pk", "secret",
                new StringI18n("p", null), null, Product.NodeType.Device, Product.DataFormat.Json, "m", false, false,
                Map.of(), Instant.EPOCH));
        return new FirmwareService(new ListRepository(), new LocalFirmwareFiles(dir), null, directory, maxBytes,
                new ManualClock(Instant.EPOCH));
    }

    private static FirmwareUpload upload(String orgId, String version, String signMethod, String sign) {
        return new FirmwareUpload(orgId, "pk", "fw", version, signMethod, sign, null, null, Map.of());
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    /** Records in a list: the metadata store is not what these tests are about. */
    private final class ListRepository implements FirmwareRepository {
        @Override
        public void insert(Firmware firmware) {
            records.add(firmware);
        }

        @Override
        public Optional<Firmware> find(String orgId, String firmwareId) {
            return records.stream().filter(f -> f.orgId().equals(orgId) && f.firmwareId().equals(firmwareId))
                    .findFirst();
        }

        @Override
        public Optional<Firmware> findVersion(String orgId, String productKey, String version) {
            return records.stream().filter(f -> f.orgId().equals(orgId) && f.productKey().equals(productKey)
                    && f.version().equals(version)).findFirst();
        }

        @Override
        public List<Firmware> search(Query query) {
            return records;
        }

        @Override
        public long count(Query query) {
            return records.size();
        }

        @Override
        public boolean delete(String orgId, String firmwareId) {
            return records.removeIf(f -> f.firmwareId().equals(firmwareId));
        }

        @Override
        public boolean markVerified(String orgId, String firmwareId) {
            return false;
        }
    }
}
