package org.openenos.reporting.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openenos.error.OpenEnosException;
import org.openenos.reporting.ExportDefinition;
import org.openenos.reporting.ExportFormat;
import org.openenos.reporting.ExportRun;
import org.openenos.reporting.RelativePeriod;

/** Runs of export definitions over known history: the files, the periods, the delivery, the organizations. */
class ExportRunnerTest {
    static final String ORG = "o_reports";
    @TempDir
    Path dataDir;
    @TempDir
    Path deliveryDir;
    final Clock clock = Clock.fixed(Instant.parse("2026-12-06T06:00:00Z"), ZoneOffset.UTC);

    private static Instant berlin(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(ReportFixture.BERLIN).toInstant();
    }

    @Test
    void yesterdayInBerlinCoversExactlyThatLocalDayAndTheCsvIsExact() throws Exception {
        var f = new ReportFixture(dataDir, null, clock);
        f.put(ORG, "meter1", "power", berlin("2026-12-04T23:59:59.999"), 1.0);
        f.put(ORG, "meter1", "power", berlin("2026-12-05T00:00:00"), 2.5);
        f.put(ORG, "meter1", "power", berlin("2026-12-05T12:30:00"), 3.0);
        f.put(ORG, "meter1", "label", berlin("2026-12-05T12:30:00"), "pump \"A\", left");
        f.put(ORG, "meter1", "power", berlin("2026-12-05T23:59:59.999"), 4.25);
        f.put(ORG, "meter1", "power", berlin("2026-12-06T00:00:00"), 5.0);
        // 00:30 in Berlin is still 5 December in UTC: "yesterday" is the 5th in Berlin, the 4th in UTC
        Instant runTime = berlin("2026-12-06T00:30:00");

        ExportRun run = f.runner.run(ORG, ReportFixture.raw(ORG, List.of("meter1"), List.of("power", "label"),
                RelativePeriod.YESTERDAY, "Europe/Berlin", List.of(ExportFormat.CSV)), runTime);

        assertThat(run.from()).isEqualTo(Instant.parse("2026-12-04T23:00:00Z"));
        assertThat(run.to()).isEqualTo(Instant.parse("2026-12-05T23:00:00Z"));
        assertThat(run.files()).extracting(r -> r.name()).containsExactly("Daily-meter_2026-12-05.csv");
        String csv = Files.readString(f.files.file(ORG, run.runId(), "Daily-meter_2026-12-05.csv"));
        assertThat(csv).isEqualTo("""
                assetId,pointId,timestamp,localtime,value
                meter1,power,%d,2026-12-05 00:00:00,2.5
                meter1,power,%d,2026-12-05 12:30:00,3.0
                meter1,power,%d,2026-12-05 23:59:59,4.25
                meter1,label,%d,2026-12-05 12:30:00,"pump ""A"", left"
                """.formatted(berlin("2026-12-05T00:00:00").toEpochMilli(),
                berlin("2026-12-05T12:30:00").toEpochMilli(), berlin("2026-12-05T23:59:59.999").toEpochMilli(),
                berlin("2026-12-05T12:30:00").toEpochMilli()));
    }

    @Test
    void yesterdayOnTheDayTheClocksGoBackHas25Hours() {
        RelativePeriod.Window w = RelativePeriod.YESTERDAY.window(berlin("2026-10-26T08:00:00"), ReportFixture.BERLIN);

        assertThat(Duration.between(w.from(), w.to())).isEqualTo(Duration.ofHours(25));
        assertThat(RelativePeriod.LAST_MONTH.window(berlin("2026-03-01T00:00:00"), ReportFixture.BERLIN).from())
                .isEqualTo(berlin("2026-02-01T00:00:00"));
        assertThat(RelativePeriod.LAST_7_DAYS.window(Instant.parse("2026-12-06T06:00:00Z"), ZoneOffset.UTC))
                .isEqualTo(new RelativePeriod.Window(Instant.parse("2026-11-29T00:00:00Z"),
                        Instant.parse("2026-12-06T00:00:00Z"), ZoneOffset.UTC));
    }

    @Test
    void hourlyAveragesComeFromTheStoresAggregatesOneRowPerWindow() throws Exception {
        var f = new ReportFixture(dataDir, null, clock);
        f.put(ORG, "meter1", "power", Instant.parse("2026-12-05T10:00:00Z"), 10.0);
        f.put(ORG, "meter1", "power", Instant.parse("2026-12-05T10:30:00Z"), 20.0);
        f.put(ORG, "meter1", "power", Instant.parse("2026-12-05T11:15:00Z"), 7.0);

        ExportRun run = f.runner.run(ORG, ReportFixture.hourlyAverages(ORG, List.of("meter1"), List.of("power"), null,
                List.of(ExportFormat.CSV)), clock.instant());

        String csv = Files.readString(f.files.file(ORG, run.runId(), run.files().getFirst().name()));
        assertThat(csv.lines().toList()).containsExactly(
                "assetId,pointId,timestamp,localtime,avg_60m",
                "meter1,power," + Instant.parse("2026-12-05T10:00:00Z").toEpochMilli() + ",2026-12-05 10:00:00,15.0",
                "meter1,power," + Instant.parse("2026-12-05T11:00:00Z").toEpochMilli() + ",2026-12-05 11:00:00,7.0");
    }

    @Test
    void filesAreOwnerOnlyAndAnotherOrganizationNeitherListsNorOpensThem() throws Exception {
        var f = new ReportFixture(dataDir, null, clock);
        f.put(ORG, "meter1", "power", Instant.parse("2026-12-05T10:00:00Z"), 10.0);
        ExportRun run = f.runner.run(ORG, ReportFixture.raw(ORG, List.of("meter1"), List.of("power"),
                RelativePeriod.YESTERDAY, null, List.of(ExportFormat.CSV)), clock.instant());
        String name = run.files().getFirst().name();

        Path file = f.files.file(ORG, run.runId(), name);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        assertThat(file).startsWith(dataDir.resolve("reports").resolve(ORG));
        assertThat(f.service.runs("o_other", null)).isEmpty();
        assertThatThrownBy(() -> f.service.file("o_other", run.runId(), name)).isInstanceOf(OpenEnosException.class)
                .hasMessageContaining("not found");
        assertThatThrownBy(() -> f.service.file(ORG, run.runId(), "../../o_other/x.csv"))
                .isInstanceOf(OpenEnosException.class);
        assertThatThrownBy(() -> f.service.file("..", run.runId(), name)).isInstanceOf(OpenEnosException.class);
        assertThatThrownBy(() -> f.runner.run("o_other", ReportFixture.raw(ORG, List.of("meter1"), List.of("power"),
                RelativePeriod.YESTERDAY, null, List.of(ExportFormat.CSV)), clock.instant()))
                .isInstanceOf(OpenEnosException.class);
    }

    @Test
    void anotherOrganizationsHistoryWithTheSameAssetIdIsNotExported() throws Exception {
        var f = new ReportFixture(dataDir, null, clock);
        f.put(ORG, "meter1", "power", Instant.parse("2026-12-05T10:00:00Z"), 10.0);
        f.put("o_other", "meter1", "power", Instant.parse("2026-12-05T11:00:00Z"), 99.0);

        ExportRun run = f.runner.run(ORG, ReportFixture.raw(ORG, List.of("meter1"), List.of("power"),
                RelativePeriod.YESTERDAY, null, List.of(ExportFormat.CSV)), clock.instant());

        assertThat(Files.readString(f.files.file(ORG, run.runId(), run.files().getFirst().name())))
                .contains("10.0").doesNotContain("99.0");
    }

    @Test
    void aRunIsDeliveredToTheDirectoryAndByMailAndExpiresAfterItsRetention() throws Exception {
        var f = new ReportFixture(dataDir, deliveryDir, clock);
        f.put(ORG, "meter1", "power", Instant.parse("2026-12-05T10:00:00Z"), 10.0);
        ExportDefinition d = ReportFixture.raw(ORG, List.of("meter1"), List.of("power"), RelativePeriod.YESTERDAY,
                null, List.of(ExportFormat.CSV, ExportFormat.PDF));
        d = new ExportDefinition(d.definitionId(), d.orgId(), d.name(), d.selection(), d.values(), d.function(),
                d.intervalMinutes(), d.period(), d.timeZone(), d.formats(), d.report(),
                new ExportDefinition.Delivery(true, List.of("ops@example.com")), 7, null, null);

        ExportRun run = f.runner.run(ORG, d, clock.instant());

        assertThat(run.deliveryError()).isNull();
        assertThat(deliveryDir.resolve(ORG).resolve(run.runId()).resolve("Daily-meter_2026-12-05.csv"))
                .hasSameTextualContentAs(f.files.file(ORG, run.runId(), "Daily-meter_2026-12-05.csv"));
        assertThat(deliveryDir.resolve(ORG).resolve(run.runId()).resolve("Daily-meter_2026-12-05.pdf")).exists();
        assertThat(f.mails).singleElement().satisfies(m -> {
            assertThat(m.to()).containsExactly("ops@example.com");
            assertThat(m.subject()).startsWith("Daily meter report");
            assertThat(m.attachments()).extracting(a -> a.fileName())
                    .containsExactly("Daily-meter_2026-12-05.csv", "Daily-meter_2026-12-05.pdf");
        });
        assertThat(run.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(7)));

        assertThat(f.files.purgeExpired(clock.instant().plus(Duration.ofDays(6)))).isZero();
        assertThat(f.files.purgeExpired(clock.instant().plus(Duration.ofDays(8)))).isOne();
        assertThat(f.service.runs(ORG, null)).isEmpty();
    }

    @Test
    void aFailedMailLeavesTheRunSucceededWithItsDeliveryErrorAndTheFilesDownloadable() throws Exception {
        var f = new ReportFixture(dataDir, null, clock);
        var failing = new org.openenos.reporting.ExportRunner(org.openenos.reporting.ExportRunner.Settings.DEFAULTS,
                f.store, (o, t, b, m) -> List.of(), List.of(new CsvRenderer()), f.files, mail -> {
                    throw new IllegalStateException("connection refused");
                }, clock, f.meters);
        ExportDefinition d = ReportFixture.raw(ORG, List.of("meter1"), List.of("power"), RelativePeriod.YESTERDAY,
                null, List.of(ExportFormat.CSV));
        d = new ExportDefinition(d.definitionId(), d.orgId(), d.name(), d.selection(), d.values(), d.function(),
                d.intervalMinutes(), d.period(), d.timeZone(), d.formats(), d.report(),
                new ExportDefinition.Delivery(false, List.of("ops@example.com")), 7, null, null);

        ExportRun run = failing.run(ORG, d, clock.instant());

        assertThat(run.status()).isEqualTo(ExportRun.Status.SUCCEEDED);
        assertThat(run.deliveryError()).contains("connection refused");
        assertThat(f.service.runOf(ORG, run.runId()).deliveryError()).contains("connection refused");
        assertThat(f.files.file(ORG, run.runId(), run.files().getFirst().name())).exists();
        assertThat(f.meters.counter("openenos.reports.deliveries.failed", "channel", "email").count()).isEqualTo(1);
    }

    @Test
    void aTreeBranchSelectionExportsTheAssetsTheBranchPortFindsForTheModel() throws Exception {
        var f = new ReportFixture(dataDir, null, clock);
        f.put(ORG, "inv1", "power", Instant.parse("2026-12-05T10:00:00Z"), 1.0);
        f.put(ORG, "inv2", "power", Instant.parse("2026-12-05T10:00:00Z"), 2.0);
        f.put(ORG, "meter9", "power", Instant.parse("2026-12-05T10:00:00Z"), 9.0);
        var runner = new org.openenos.reporting.ExportRunner(org.openenos.reporting.ExportRunner.Settings.DEFAULTS,
                f.store, (org, tree, branch, model) -> org.equals(ORG) && tree.equals("t1") && branch.equals("site1")
                && model.equals("inverter") ? List.of("inv1", "inv2") : List.of(), List.of(new CsvRenderer()),
                f.files, null, clock, f.meters);
        ExportDefinition d = new ExportDefinition("exp-3", ORG, "Inverters", new ExportDefinition.Selection(null, "t1",
                "site1", "inverter", List.of("power")), ExportDefinition.Values.RAW, null, 0, RelativePeriod.YESTERDAY,
                null, List.of(ExportFormat.CSV), null, null, 7, null, null);

        ExportRun run = runner.run(ORG, d, clock.instant());

        assertThat(Files.readAllLines(f.files.file(ORG, run.runId(), run.files().getFirst().name())))
                .extracting(line -> line.split(",")[0]).containsExactly("assetId", "inv1", "inv2");
    }

    @Test
    void aRenderingThatFailsLeavesNoFilesAndARunRecordedAsFailed() {
        var f = new ReportFixture(dataDir, null, clock);
        f.put(ORG, "meter1", "power", Instant.parse("2026-12-05T10:00:00Z"), 10.0);
        org.openenos.reporting.ReportRenderer broken = new org.openenos.reporting.ReportRenderer() {
            @Override
            public ExportFormat format() {
                return ExportFormat.XLSX;
            }

            @Override
            public void render(org.openenos.reporting.ReportContent content, java.io.OutputStream out)
                    throws java.io.IOException {
                out.write("partial".getBytes());
                throw new java.io.IOException("disk full");
            }
        };
        var runner = new org.openenos.reporting.ExportRunner(org.openenos.reporting.ExportRunner.Settings.DEFAULTS,
                f.store, (o, t, b, m) -> List.of(), List.of(new CsvRenderer(), broken), f.files, null, clock,
                f.meters);

        assertThatThrownBy(() -> runner.run(ORG, ReportFixture.raw(ORG, List.of("meter1"), List.of("power"),
                RelativePeriod.YESTERDAY, null, List.of(ExportFormat.CSV, ExportFormat.XLSX)), clock.instant()))
                .isInstanceOf(OpenEnosException.class).hasMessageContaining("disk full");

        ExportRun failed = f.service.runs(ORG, null).getFirst();
        assertThat(failed.status()).isEqualTo(ExportRun.Status.FAILED);
        assertThat(failed.error()).contains("disk full");
        assertThat(failed.files()).isEmpty();
        assertThat(dataDir.resolve("reports").resolve(ORG).resolve(failed.runId()))
                .isDirectoryNotContaining("glob:**.{csv,xlsx}");
        assertThat(runner.lastFailure()).contains("disk full");
        assertThat(f.meters.counter("openenos.reports.runs", "outcome", "failed").count()).isEqualTo(1);
    }

    @Test
    void aDefinitionAskingForAnUnknownFormatOrWithoutPointsIsRefusedWithAClearError() {
        assertThatThrownBy(() -> ExportFormat.parse("avro")).hasMessageContaining("unknown format 'avro'");
        ExportDefinition noPoints = ReportFixture.raw(ORG, List.of("meter1"), List.of("p"), RelativePeriod.YESTERDAY,
                null, List.of(ExportFormat.CSV));
        ExportDefinition bad = new ExportDefinition(null, ORG, "x", new ExportDefinition.Selection(List.of("a"), null,
                null, null, List.of()), noPoints.values(), null, 0, noPoints.period(), null, noPoints.formats(), null,
                null, 7, null, null);
        assertThatThrownBy(bad::validate).hasMessageContaining("pointIds");
    }
}
