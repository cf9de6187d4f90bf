package org.openenos.server;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of scheduled exports and reports (docs/reports.md). Report e-mail goes through the alert e-mail's SMTP
 * server ({@code openenos.notifications.smtp.*}).
 *
 * @param defaultTimeZone    time zone of the periods (yesterday, last month…) of definitions that name none
 * @param deliveryDirectory  where definitions with directory delivery copy their files, one directory per
 *                           organization and run; empty disables directory delivery
 * @param maxAttachmentSize  a report e-mail whose files together are larger goes out without them (download them)
 * @param purgeInterval      how often runs past their retention are removed
 */
@ConfigurationProperties("openenos.reports")
public record ReportsProperties(@DefaultValue("UTC") String defaultTimeZone,
                                Path deliveryDirectory,
                                @DefaultValue("20MB") DataSize maxAttachmentSize,
                                @DefaultValue("1h") Duration purgeInterval) {
}
