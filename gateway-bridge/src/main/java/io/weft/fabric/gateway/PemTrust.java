package io.weft.fabric.gateway;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

/**
 * An {@link SSLContext} that trusts the certificates of one PEM file (a private CA, or a node's self-signed
 * certificate) instead of the JDK's default authorities: what the HTTPS clients of a node (forwarding, the other
 * nodes' latency, the gateway API) and the {@code weft} tools use when {@code tls.trust-file} or {@code --ca-file}
 * is given. Host names are still verified.
 */
public final class PemTrust
{
    private PemTrust()
    {
    }

    public static SSLContext of(final Path pemFile)
    {
        try (InputStream in = Files.newInputStream(pemFile))
        {
            final Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty())
            {
                throw new IllegalArgumentException("no certificate in " + pemFile);
            }
            final KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (final Certificate certificate : certificates)
            {
                store.setCertificateEntry("trusted-" + i++, certificate);
            }
            final TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the trusted certificates " + pemFile, ex);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalArgumentException("the trusted certificates in " + pemFile + " are not usable: " + ex.getMessage(), ex);
        }
    }
}
