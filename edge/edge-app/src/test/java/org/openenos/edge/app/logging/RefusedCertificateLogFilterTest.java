package org.openenos.edge.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.handler.codec.DecoderException;
import java.security.InvalidAlgorithmParameterException;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class RefusedCertificateLogFilterTest {

    @Test
    void with_the_edges_logging_configuration_a_refused_server_certificate_leaves_one_warn_line_and_no_stack_trace()
            throws Exception {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(RefusedCertificateLogFilterTest.class.getResource("/logback.xml"));
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.setContext(context);
        lines.start();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(lines);

        Logger milo = context.getLogger(RefusedCertificateLogFilter.MILO_CHANNEL_HANDLER);
        Logger edge = context.getLogger("org.openenos.edge.opcua.ServerCertificateTrust");
        // What one refused attempt produces: the edge's own line, then Milo's handler with the whole chain.
        edge.warn("OPC UA server certificate {} is not trusted; kept in {} for review", "CN=plant", "rejected/ab.der");
        milo.error("[remote=/127.0.0.1:4840] Exception caught: {}", "UaException", new DecoderException(
                new UaException(StatusCodes.Bad_SecurityChecksFailed,
                        new InvalidAlgorithmParameterException("the trustAnchors parameter must be non-empty"))));
        // Any other failure of the channel is still reported.
        milo.error("Exception caught", new DecoderException(new UaException(StatusCodes.Bad_TcpMessageTooLarge)));

        assertThat(lines.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.ERROR);
        assertThat(lines.list.getFirst().getThrowableProxy()).isNull();
        assertThat(lines.list.getFirst().getFormattedMessage()).contains("CN=plant").contains("rejected/ab.der");
        assertThat(lines.list.get(1).getThrowableProxy().getCause().getMessage()).contains("Bad_TcpMessageTooLarge");
        context.stop();
    }
}
