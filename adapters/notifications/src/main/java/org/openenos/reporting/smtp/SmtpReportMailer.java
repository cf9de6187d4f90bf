package org.openenos.reporting.smtp;

import jakarta.activation.DataHandler;
import jakarta.activation.FileDataSource;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import org.openenos.alerting.smtp.SmtpMailChannel;
import org.openenos.reporting.ReportMailer;

/**
 * The files of an export run by e-mail, through the same SMTP server and settings as alert e-mail
 * ({@link SmtpMailChannel}'s session). Attachments are read from disk while the message is sent, not loaded first,
 * and sent in Base64 so that each arrives byte for byte.
 */
public final class SmtpReportMailer implements ReportMailer {
    private final SmtpMailChannel.Settings settings;
    private final Session session;

    public SmtpReportMailer(SmtpMailChannel.Settings settings) {
        this.settings = settings;
        this.session = SmtpMailChannel.session(settings);
    }

    @Override
    public void send(Mail mail) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(settings.from()));
        for (String to : mail.to()) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
        }
        message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
        MimeMultipart parts = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText(mail.body(), StandardCharsets.UTF_8.name());
        parts.addBodyPart(text);
        for (Attachment a : mail.attachments()) {
            MimeBodyPart part = new MimeBodyPart();
            FileDataSource source = new FileDataSource(a.file().toFile()) {
                @Override
                public String getContentType() {
                    return a.contentType();
                }
            };
            part.setDataHandler(new DataHandler(source));
            part.setFileName(a.fileName());
            part.setDisposition(MimeBodyPart.ATTACHMENT);
            // files arrive byte for byte: text parts would otherwise get their line ends rewritten on the way
            part.setHeader("Content-Transfer-Encoding", "base64");
            parts.addBodyPart(part);
        }
        message.setContent(parts);
        Transport.send(message);
    }
}
