package org.openenos.server;

import org.openenos.timeseries.TimeSeriesModule;
import org.openenos.timeseries.TsdbExport;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The CSV export of the TSDB service, reading the same store and asset timezones as the queries. */
@Configuration(proxyBeanMethods = false)
public class TsdbExportConfiguration {

    @Bean
    TsdbExport tsdbExport(TimeSeriesModule module) {
        return module.export();
    }
}
