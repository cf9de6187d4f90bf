package org.openenos.alerting.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openenos.alerting.Alert;
import org.openenos.alerting.AlertRule;
import org.openenos.model.StringI18n;

class AlertJsonTest {

    @Test
    void aRuleReadBackFromItsDocumentIsTheSameRuleIncludingItsFlags() {
        AlertRule rule = new AlertRule("o", "hot", StringI18n.of("too hot"), "m", "temp", null, null, "${temp} > 50",
                "${temp} < 45", "major", "t", "c", Map.of("k", "v"), true, true,
                List.of(new AlertRule.Scope("tree1", "a1")), 60, 0, List.of(), new AlertRule.RateLimit(5, 60),
                Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(AlertJson.read(AlertJson.write(rule), AlertRule.class)).isEqualTo(rule);
    }

    @Test
    void anAlertReadBackFromItsDocumentKeepsItsValueAndAcknowledgement() {
        Alert alert = new Alert("e1", "o", "a1", "m", "/m", "temp", "hot", 80.5, 1L, "1970-01-01 00:00:00", 2L, 3L,
                "major", StringI18n.of("Major"), null, null, null, null, 1, Map.of(), StringI18n.of("r"),
                List.of("t:/a1"), List.of(), true, "seen", null, null);
        assertThat(AlertJson.read(AlertJson.write(alert), Alert.class)).isEqualTo(alert);
    }
}
