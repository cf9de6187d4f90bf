package org.openenos.alerting.smtp;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import org.openenos.alerting.Alert;
import org.openenos.alerting.AlertAction;
import org.openenos.alerting.notify.Notification;
import org.openenos.alerting.notify.NotificationChannel;
import org.openenos.model.StringI18n;

/**
 * E-mail over SMTP. The rendered payload is the subject line, a blank line and the plain-text body; that text is
 * what a dead letter keeps. The password is only handed to the mail session, never logged.
 */
public final class SmtpMailChannel implements NotificationChannel {
    /** {@code username} empty sends without authentication. */
    public record Settings(String host, int port, String from, String username, String password, boolean startTls,
                           Duration timeout) {
        @Override
        public String toString() {
            return "Settings[host=" + host + ", port=" + port + ", from=" + from + ", username=" + username
                    + ", startTls=" + startTls + "]";
        }
    }

    private final Settings settings;
    private final Session session;

    public SmtpMailChannel(Settings settings) {
        this.settings = settings;
        this.session = session(settings);
    }

    /** A mail session for these settings; report e-mail uses the same. */
    public static Session session(Settings settings) {
        Properties p = new Properties();
        p.put("mail.smtp.host", settings.host());
        p.put("mail.smtp.port", Integer.toString(settings.port()));
        p.put("mail.smtp.connectiontimeout", Long.toString(settings.timeout().toMillis()));
        p.put("mail.smtp.timeout", Long.toString(settings.timeout().toMillis()));
        p.put("mail.smtp.writetimeout", Long.toString(settings.timeout().toMillis()));
        p.put("mail.smtp.starttls.enable", Boolean.toString(settings.startTls()));
        boolean auth = settings.username() != null && !settings.username().isBlank();
        p.put("mail.smtp.auth", Boolean.toString(auth));
        return Session.getInstance(p, auth ? new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(settings.username(), settings.password());
            }
        } : null);
    }

    @Override
    public String type() {
        return AlertAction.EMAIL;
    }

    @Override
    public String render(Notification n) {
        Alert a = n.alert();
        String severity = text(a.severityDesc(), a.severityId());
        String subject = "[" + severity + "] " + text(n.rule().ruleDesc(), n.rule().ruleId()) + " — " + a.assetId()
                + " " + n.event();
        StringBuilder body = new StringBuilder();
        if (a.contentDesc() != null) {
            body.append(text(a.contentDesc(), "")).append("\n\n");
        }
        body.append("Event: ").append(n.event()).append('\n')
                .append("Rule: ").append(n.rule().ruleId()).append('\n')
                .append("Asset: ").append(a.assetId()).append('\n')
                .append("Severity: ").append(severity).append('\n')
                .append("Value: ").append(a.value()).append('\n')
                .append("Occurred: ").append(a.localOccurTime()).append('\n')
                .append("Alert: ").append(a.eventId()).append('\n');
        return subject + "\n\n" + body;
    }

    @Override
    public void deliver(Notification n, String payload) throws MessagingException {
        int split = payload.indexOf("\n\n");
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(settings.from()));
        for (String to : n.action().to()) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
        }
        message.setSubject(split < 0 ? payload : payload.substring(0, split), StandardCharsets.UTF_8.name());
        message.setText(split < 0 ? "" : payload.substring(split + 2), StandardCharsets.UTF_8.name());
        message.setHeader("X-OpenEnOS-Delivery", n.deliveryId());
        Transport.send(message);
    }

    private static String text(StringI18n i18n, String fallback) {
        return i18n == null || i18n.defaultValue() == null ? fallback : i18n.defaultValue();
    }
}
