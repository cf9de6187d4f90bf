package org.openenos.timeseries.questdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class QuestDbLoggingTest {

    @Test
    void theEmbeddedEngineLogsErrorsAndAdvisoriesOnlyThroughItsOwnConsoleWriter() throws IOException {
        var conf = new Properties();
        try (var in = QuestDbLogging.class.getResourceAsStream(QuestDbLogging.QUIET_CONFIG)) {
            assertThat(in).as("the configuration QuestDB reads from the class path").isNotNull();
            conf.load(in);
        }
        assertThat(conf.getProperty("writers")).isEqualTo("stdout");
        assertThat(conf.getProperty("w.stdout.class")).isEqualTo("io.questdb.log.LogConsoleWriter");
        assertThat(conf.getProperty("w.stdout.level").split(",")).containsExactlyInAnyOrder("ERROR", "CRITICAL",
                "ADVISORY");
    }

    @Test
    void aConfigurationTheOperatorNamedIsKept() {
        String before = System.getProperty(QuestDbLogging.CONFIG_PROPERTY);
        try {
            System.setProperty(QuestDbLogging.CONFIG_PROPERTY, "/etc/questdb/log.conf");
            QuestDbLogging.quietUnlessConfigured();
            assertThat(System.getProperty(QuestDbLogging.CONFIG_PROPERTY)).isEqualTo("/etc/questdb/log.conf");
            System.clearProperty(QuestDbLogging.CONFIG_PROPERTY);
            QuestDbLogging.quietUnlessConfigured();
            assertThat(System.getProperty(QuestDbLogging.CONFIG_PROPERTY)).isEqualTo(QuestDbLogging.QUIET_CONFIG);
        } finally {
            if (before == null) {
                System.clearProperty(QuestDbLogging.CONFIG_PROPERTY);
            } else {
                System.setProperty(QuestDbLogging.CONFIG_PROPERTY, before);
            }
        }
    }
}
