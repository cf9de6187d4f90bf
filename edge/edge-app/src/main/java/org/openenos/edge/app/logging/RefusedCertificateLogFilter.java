package org.openenos.edge.app.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops the stack trace Eclipse Milo's channel handler logs at ERROR for every secure channel refused over the
 * server's certificate (about 40 lines per attempt, once per poll). The edge logs that refusal itself as one WARN
 * line naming the certificate and where it was kept for review, so the trace adds nothing; any other exception of
 * that handler still gets through.
 */
public final class RefusedCertificateLogFilter extends TurboFilter {
    static final String MILO_CHANNEL_HANDLER = "org.eclipse.milo.opcua.stack.transport.client.uasc.UascClientMessageHandler";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (logger == null || !MILO_CHANNEL_HANDLER.equals(logger.getName())) {
            return FilterReply.NEUTRAL;
        }
        Throwable error = t;
        if (error == null && params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last) {
            error = last;
        }
        return isCertificateRefusal(error) ? FilterReply.DENY : FilterReply.NEUTRAL;
    }

    static boolean isCertificateRefusal(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (message.contains("Bad_SecurityChecksFailed") || message.contains("Bad_CertificateUntrusted")) {
                return true;
            }
        }
        return false;
    }
}
