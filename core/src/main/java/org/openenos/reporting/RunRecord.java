package org.openenos.reporting;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** {@link ExportRun} as the properties of {@code run.properties}. */
final class RunRecord {
    private RunRecord() {
    }

    static Properties toProperties(ExportRun run) {
        Properties p = new Properties();
        p.setProperty("runId", run.runId());
        p.setProperty("orgId", run.orgId());
        p.setProperty("definitionId", run.definitionId());
        p.setProperty("definitionName", run.definitionName());
        p.setProperty("runTime", run.runTime().toString());
        p.setProperty("from", run.from().toString());
        p.setProperty("to", run.to().toString());
        p.setProperty("timeZone", run.timeZone());
        p.setProperty("status", run.status().name());
        if (run.error() != null) {
            p.setProperty("error", run.error());
        }
        if (run.deliveryError() != null) {
            p.setProperty("deliveryError", run.deliveryError());
        }
        p.setProperty("createTime", run.createTime().toString());
        p.setProperty("expiresAt", run.expiresAt().toString());
        p.setProperty("files", Integer.toString(run.files().size()));
        for (int i = 0; i < run.files().size(); i++) {
            ReportFile f = run.files().get(i);
            p.setProperty("file." + i + ".name", f.name());
            p.setProperty("file." + i + ".contentType", f.contentType());
            p.setProperty("file." + i + ".size", Long.toString(f.size()));
        }
        return p;
    }

    static ExportRun fromProperties(Properties p) {
        int n = Integer.parseInt(p.getProperty("files", "0"));
        List<ReportFile> files = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            files.add(new ReportFile(p.getProperty("file." + i + ".name"), p.getProperty("file." + i + ".contentType"),
                    Long.parseLong(p.getProperty("file." + i + ".size"))));
        }
        return new ExportRun(p.getProperty("runId"), p.getProperty("orgId"), p.getProperty("definitionId"),
                p.getProperty("definitionName"), Instant.parse(p.getProperty("runTime")),
                Instant.parse(p.getProperty("from")), Instant.parse(p.getProperty("to")), p.getProperty("timeZone"),
                ExportRun.Status.valueOf(p.getProperty("status")), p.getProperty("error"),
                p.getProperty("deliveryError"), files, Instant.parse(p.getProperty("createTime")),
                Instant.parse(p.getProperty("expiresAt")));
    }
}
