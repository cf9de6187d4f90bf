package org.openenos.edge.opcua;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Period;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;

/**
 * The edge's OPC UA application instance certificate (OPC UA Part 6, 6.2.2): an RSA 2048 key with a self-signed
 * certificate naming {@link #APPLICATION_URI}, created on first use and kept in {@code <pki>/client.p12}. The file
 * is created readable by the owner only before the key is written; that, not its password, is what protects it (the
 * password only satisfies the PKCS#12 format).
 */
public record OpcUaClientIdentity(KeyPair keyPair, X509Certificate certificate) {
    public static final String APPLICATION_URI = "urn:openenos:edge";
    private static final char[] STORE_PASSWORD = "openenos-edge".toCharArray();
    private static final String ALIAS = "opcua-client";

    public static synchronized OpcUaClientIdentity loadOrCreate(Path pkiDirectory) {
        Path file = pkiDirectory.resolve("client.p12");
        try {
            if (Files.exists(file)) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(file)) {
                    store.load(in, STORE_PASSWORD);
                }
                X509Certificate certificate = (X509Certificate) store.getCertificate(ALIAS);
                PrivateKey key = (PrivateKey) store.getKey(ALIAS, STORE_PASSWORD);
                return new OpcUaClientIdentity(new KeyPair(certificate.getPublicKey(), key), certificate);
            }
            KeyPair keys = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
            String host = InetAddress.getLocalHost().getHostName();
            X509Certificate certificate = new SelfSignedCertificateBuilder(keys).setCommonName("OpenEnOS Edge")
                    // the builder refuses an absent country; XX is the ISO 3166 code for "not specified"
                    .setOrganization("OpenEnOS").setCountryCode("XX").setApplicationUri(APPLICATION_URI)
                    .addDnsName(host)
                    .addDnsName("localhost").setValidityPeriod(Period.ofYears(5)).build();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, keys.getPrivate(), STORE_PASSWORD, new Certificate[] {certificate});
            Files.createDirectories(pkiDirectory);
            Path temp = file.resolveSibling("client.p12.tmp");
            Files.deleteIfExists(temp);
            try {
                Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(temp);  // not POSIX: the directory's permissions protect it
            }
            try (OutputStream out = Files.newOutputStream(temp)) {
                store.store(out, STORE_PASSWORD);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new OpcUaClientIdentity(keys, certificate);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the OPC UA client certificate in " + file, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create or read the OPC UA client certificate " + file, e);
        }
    }
}
