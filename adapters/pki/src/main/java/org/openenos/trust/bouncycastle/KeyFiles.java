package org.openenos.trust.bouncycastle;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.openenos.security.PrivateFiles;
import org.openenos.security.SecretCipher;

/**
 * PEM files of keys and certificates. Private keys are written encrypted with the server key ({@link SecretCipher})
 * and readable by the owner only, so a copy of the data directory without the key file does not leak them.
 */
final class KeyFiles {
    private KeyFiles() {
    }

    static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    static void writePrivate(Path file, PrivateKey key, SecretCipher cipher) throws IOException {
        // PKCS#8 keeps the key type with the key, whatever its algorithm; created 0600 in a 0700 directory
        PrivateFiles.writeString(file, cipher.encrypt(pem(new JcaPKCS8Generator(key, null))));
    }

    static PrivateKey readPrivate(Path file, SecretCipher cipher) throws IOException {
        return parsePrivate(cipher.decrypt(Files.readString(file).trim()));
    }

    /** A PEM private key in PKCS#8 or the traditional RSA/EC form (unencrypted). */
    static PrivateKey parsePrivate(String pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            return switch (object) {
                case PEMKeyPair pair -> converter.getPrivateKey(pair.getPrivateKeyInfo());
                case PrivateKeyInfo info -> converter.getPrivateKey(info);
                case null, default -> throw new IOException("no unencrypted private key in the PEM text");
            };
        }
    }

    static void writeCertificate(Path file, X509Certificate certificate) throws IOException {
        PrivateFiles.writeString(file, pem(certificate));
    }

    static List<X509Certificate> readCertificates(String pem) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            Object object;
            while ((object = parser.readObject()) != null) {
                if (object instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        } catch (CertificateException e) {
            throw new IOException("unreadable certificate", e);
        }
        return certificates;
    }
}
