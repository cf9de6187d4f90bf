package org.openenos.server;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.openenos.alerting.AlertEngine;
import org.openenos.alerting.notify.AlertNotifier;
import org.openenos.alerting.notify.NotificationChannel;
import org.openenos.alerting.postgres.PostgresAlertRuleStore;
import org.openenos.alerting.postgres.PostgresAlertStore;
import org.openenos.alerting.postgres.PostgresDeadLetterStore;
import org.openenos.alerting.smtp.SmtpMailChannel;
import org.openenos.alerting.webhook.HttpWebhookChannel;
import org.openenos.connectivity.command.CommandService;
import org.openenos.registry.RegistryDeviceDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Wires what alert rules send and do: webhooks, e-mail (when an SMTP host is set) and device commands. */
@Configuration(proxyBeanMethods = false)
public class AlertNotificationConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(AlertNotificationConfiguration.class);

    @Bean
    PostgresDeadLetterStore deadLetterStore(JdbcClient jdbc) {
        return new PostgresDeadLetterStore(jdbc);
    }

    @Bean(destroyMethod = "close")
    AlertNotifier alertNotifier(OpenEnosProperties props, PostgresDeadLetterStore deadLetters,
                                PostgresAlertStore alerts, PostgresAlertRuleStore rules, AlertEngine engine,
                                CommandService commands, RegistryDeviceDirectory directory, Clock clock,
                                MeterRegistry meters) {
        var cfg = props.notifications();
        List<NotificationChannel> channels = new ArrayList<>();
        channels.add(new HttpWebhookChannel(cfg.webhookTimeout()));
        var smtp = cfg.smtp();
        if (smtp.host() != null && !smtp.host().isBlank()) {
            channels.add(new SmtpMailChannel(new SmtpMailChannel.Settings(smtp.host(), smtp.port(), smtp.from(),
                    smtp.username(), smtp.password(), smtp.startTls(), smtp.timeout())));
            LOG.info("alert e-mail goes through {}:{} from {}", smtp.host(), smtp.port(), smtp.from());
        }
        AlertNotifier notifier = new AlertNotifier(new AlertNotifier.Config(cfg.threads(), cfg.queueCapacity(),
                cfg.maxAttempts(), cfg.initialBackoff(), cfg.controlActionsPerMinute()), channels,
                new CommandAlertActuator(commands, directory), deadLetters, alerts, clock, meters);
        engine.addListener(notifier);
        notifier.resume(alerts.allActive(), a -> rules.find(a.orgId(), a.hitRuleId()));
        return notifier;
    }
}
