package org.openenos.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files and directories of the data directory are created owner-only, whatever the process's umask allows. */
class PrivateFilesTest {
    @TempDir
    Path dir;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void directoriesAndTheirMissingParentsAreCreated0700() throws Exception {
        Path deep = dir.resolve("a/b/c");
        PrivateFiles.createDirectories(deep);
        assertThat(mode(dir.resolve("a"))).isEqualTo("rwx------");
        assertThat(mode(dir.resolve("a/b"))).isEqualTo("rwx------");
        assertThat(mode(deep)).isEqualTo("rwx------");
    }

    @Test
    void aWrittenFileIs0600AndReplacedAtomically() throws Exception {
        Path file = dir.resolve("keys/secret.key");
        PrivateFiles.writeString(file, "one");
        PrivateFiles.writeString(file, "two");
        assertThat(Files.readString(file)).isEqualTo("two");
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(mode(file.getParent())).isEqualTo("rwx------");
        assertThat(Files.exists(dir.resolve("keys/secret.key.tmp"))).isFalse();
    }

    @Test
    void aKeyFileOfTheSecretCipherIs0600() throws Exception {
        Path file = dir.resolve("data/keys/secrets.key");
        SecretCipher.fromKeyFile(file);
        assertThat(mode(file)).isEqualTo("rw-------");
        assertThat(mode(file.getParent())).isEqualTo("rwx------");
    }

    @Test
    void anExistingDirectoryIsTightened() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        PrivateFiles.restrictDirectory(open);
        assertThat(mode(open)).isEqualTo("rwx------");
    }
}
