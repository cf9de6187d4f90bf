package org.openenos.ota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFirmwareFilesTest {
    @TempDir
    Path dir;

    @Test
    void aStoredFileIsOwnerOnlyAndReadableFromAnyOffset() throws IOException {
        LocalFirmwareFiles files = new LocalFirmwareFiles(dir.resolve("firmware"));
        files.put("org1/fw1", new ByteArrayInputStream("0123456789".getBytes()));

        assertThat(files.size("org1/fw1")).isEqualTo(10);
        try (InputStream in = files.open("org1/fw1", 4)) {
            assertThat(new String(in.readAllBytes())).isEqualTo("456789");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("firmware/org1/fw1"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("firmware/org1"))))
                .isEqualTo("rwx------");
    }

    @Test
    void anUploadBrokenOffLeavesNoFileBehind() throws IOException {
        LocalFirmwareFiles files = new LocalFirmwareFiles(dir);
        InputStream failing = new InputStream() {
            private int n;

            @Override
            public int read() throws IOException {
                if (n++ > 1000) {
                    throw new IOException("connection reset");
                }
                return 7;
            }
        };
        assertThatThrownBy(() -> files.put("org1/fw2", failing)).hasMessage("connection reset");
        assertThat(files.size("org1/fw2")).isEqualTo(-1);
        try (Stream<Path> left = Files.list(dir.resolve("org1"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void keysCannotLeaveTheRoot() throws IOException {
        LocalFirmwareFiles files = new LocalFirmwareFiles(dir);
        assertThatThrownBy(() -> files.open("../etc/passwd", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> files.size("org/..")).isInstanceOf(IllegalArgumentException.class);
    }
}
