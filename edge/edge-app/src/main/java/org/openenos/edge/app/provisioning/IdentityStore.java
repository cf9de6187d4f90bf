package org.openenos.edge.app.provisioning;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The identity in one PKCS#12 file: the key entry {@code edge} (key and certificate) and the trusted cloud CA
 * certificates {@code ca-N}. The file is created owner-read/write only before anything is written into it and is
 * replaced atomically, so a crash leaves either the old or the new identity. Its password is the device secret: the
 * file alone does not give the key away, and both are needed to log in anyway.
 */
public final class IdentityStore {
    private static final String KEY_ALIAS = "edge";

    private final Path file;

    public IdentityStore(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public Optional<EdgeIdentity> load(String password) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            PrivateKey key = (PrivateKey) store.getKey(KEY_ALIAS, password.toCharArray());
            X509Certificate certificate = (X509Certificate) store.getCertificate(KEY_ALIAS);
            List<X509Certificate> trusted = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.isCertificateEntry(alias)) {
                    trusted.add((X509Certificate) store.getCertificate(alias));
                }
            }
            return key == null || certificate == null ? Optional.empty()
                    : Optional.of(new EdgeIdentity(key, certificate, trusted));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the edge identity " + file
                    + " (wrong device secret or damaged file)", e);
        }
    }

    public void save(EdgeIdentity identity, String password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(KEY_ALIAS, identity.privateKey(), password.toCharArray(),
                    new Certificate[] {identity.certificate()});
            for (int i = 0; i < identity.trusted().size(); i++) {
                store.setCertificateEntry("ca-" + i, identity.trusted().get(i));
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(temp);
            createPrivate(temp);
            try (OutputStream out = Files.newOutputStream(temp)) {
                store.store(out, password.toCharArray());
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the edge identity in " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the edge identity key store", e);
        }
    }

    /** Creates an empty file that only the owner can read, before the key is written into it. */
    static void createPrivate(Path path) throws IOException {
        try {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the directory's permissions protect it.
            try {
                Files.createFile(path);
            } catch (FileAlreadyExistsException ignored) {
                // created meanwhile
            }
        }
    }
}
