package org.openenos.edge.opcua;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.milo.opcua.stack.core.security.CertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which OPC UA server certificates the edge trusts: those in {@code <pki>/trusted} (PEM or DER, read at every
 * connect). A server presenting another certificate is refused and its certificate is written to
 * {@code <pki>/rejected/<sha1>.der}, the usual OPC UA review workflow: an operator who recognises it moves the file
 * to {@code trusted}.
 */
final class ServerCertificateTrust {
    private static final Logger LOG = LoggerFactory.getLogger(ServerCertificateTrust.class);

    private ServerCertificateTrust() {
    }

    static DefaultClientCertificateValidator validator(Path pkiDirectory) {
        MemoryTrustListManager trust = new MemoryTrustListManager();
        trusted(pkiDirectory.resolve("trusted")).forEach(trust::addTrustedCertificate);
        return new DefaultClientCertificateValidator(trust, new RejectedDirectory(pkiDirectory.resolve("rejected")));
    }

    static List<X509Certificate> trusted(Path directory) {
        List<X509Certificate> out = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return out;
        }
        try (Stream<Path> files = Files.list(directory)) {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                try {
                    for (var c : x509.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)))) {
                        out.add((X509Certificate) c);
                    }
                } catch (GeneralSecurityException e) {
                    LOG.warn("ignoring {}: not a certificate ({})", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trusted OPC UA server certificates in " + directory, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Milo's quarantine, kept on disk so that an operator can see what was refused. */
    private record RejectedDirectory(Path directory) implements CertificateQuarantine {
        @Override
        public List<X509Certificate> getRejectedCertificates() {
            return trusted(directory);
        }

        @Override
        public void addRejectedCertificate(X509Certificate certificate) {
            try {
                Files.createDirectories(directory);
                byte[] der = certificate.getEncoded();
                String name = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(der)) + ".der";
                Files.write(directory.resolve(name), der);
                LOG.warn("OPC UA server certificate {} is not trusted; kept in {} for review",
                        certificate.getSubjectX500Principal(), directory.resolve(name));
            } catch (IOException | GeneralSecurityException e) {
                LOG.warn("cannot keep the rejected OPC UA server certificate: {}", e.toString());
            }
        }

        @Override
        public void removeRejectedCertificate(X509Certificate certificate) {
            // the operator moves files; nothing to do here
        }
    }
}
