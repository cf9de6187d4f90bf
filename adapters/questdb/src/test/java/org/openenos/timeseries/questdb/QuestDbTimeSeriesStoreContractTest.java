package org.openenos.timeseries.questdb;

import java.time.Clock;
import org.openenos.timeseries.TimeSeriesStore;
import org.openenos.timeseries.TimeSeriesStoreContract;

/** The store contract on the embedded QuestDB store, with its maintenance run by hand. */
class QuestDbTimeSeriesStoreContractTest extends TimeSeriesStoreContract {

    @Override
    protected TimeSeriesStore openStore(Clock clock) {
        return QuestDbTimeSeriesStore.open(workDir.resolve("questdb"), StoreOptions.DEFAULTS.manual(), clock);
    }

    @Override
    protected void rollUp(TimeSeriesStore store) {
        ((QuestDbTimeSeriesStore) store).runMaintenance(false);
    }
}
