package org.openenos.server;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of the parsing scripts of custom-format products (ADR 0044).
 *
 * @param timeout        the longest one conversion (rawDataToProtocol or protocolToRawData) may run
 * @param statementLimit the most JavaScript statements one conversion may execute
 */
@ConfigurationProperties("openenos.scripting")
public record ScriptingProperties(@DefaultValue("2s") Duration timeout,
                                  @DefaultValue("1000000") long statementLimit) {
}
