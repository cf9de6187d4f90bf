package org.openenos.reporting;

import java.nio.file.Path;
import java.util.List;

/** Sends a run's files by e-mail. */
@FunctionalInterface
public interface ReportMailer {
    record Attachment(String fileName, String contentType, Path file) {
    }

    record Mail(List<String> to, String subject, String body, List<Attachment> attachments) {
    }

    void send(Mail mail) throws Exception;
}
