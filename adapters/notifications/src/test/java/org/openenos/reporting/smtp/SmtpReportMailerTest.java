package org.openenos.reporting.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.alerting.smtp.SmtpMailChannel;
import org.openenos.reporting.ReportMailer;

/** Report e-mail through a real SMTP server: the text and every file attached byte for byte. */
class SmtpReportMailerTest {
    @TempDir
    Path dir;

    @Test
    void aReportMailArrivesWithItsTextAndTheFilesAttached() throws Exception {
        int port = freePort();
        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        try {
            Path csv = Files.writeString(dir.resolve("daily_2026-12-05.csv"), "assetId,pointId\na,b\n");
            byte[] pdfBytes = {'%', 'P', 'D', 'F', '-', 1, 2, 3, (byte) 0xff};
            Path pdf = Files.write(dir.resolve("daily_2026-12-05.pdf"), pdfBytes);
            var mailer = new SmtpReportMailer(new SmtpMailChannel.Settings("127.0.0.1", port, "reports@openenos.test",
                    "", "", false, Duration.ofSeconds(10)));

            mailer.send(new ReportMailer.Mail(List.of("ops@example.com", "lead@example.com"),
                    "Daily energy — 2026-12-05", "Period: 2026-12-05\n",
                    List.of(new ReportMailer.Attachment(csv.getFileName().toString(), "text/csv; charset=utf-8", csv),
                            new ReportMailer.Attachment(pdf.getFileName().toString(), "application/pdf", pdf))));

            assertThat(smtp.waitForIncomingEmail(10_000, 2)).isTrue();
            MimeMessage mail = smtp.getReceivedMessages()[0];
            assertThat(mail.getSubject()).isEqualTo("Daily energy — 2026-12-05");
            assertThat(mail.getFrom()[0].toString()).isEqualTo("reports@openenos.test");
            Multipart parts = (Multipart) mail.getContent();
            assertThat(parts.getCount()).isEqualTo(3);
            assertThat(parts.getBodyPart(0).getContent().toString()).contains("Period: 2026-12-05");
            BodyPart first = parts.getBodyPart(1);
            assertThat(first.getFileName()).isEqualTo("daily_2026-12-05.csv");
            assertThat(new String(first.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("assetId,pointId\na,b\n");
            BodyPart second = parts.getBodyPart(2);
            assertThat(second.getFileName()).isEqualTo("daily_2026-12-05.pdf");
            assertThat(second.getContentType()).startsWith("application/pdf");
            assertThat(second.getInputStream().readAllBytes()).isEqualTo(pdfBytes);
        } finally {
            smtp.stop();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
