package org.openenos.timeseries.questdb;

/**
 * QuestDB logs through its own factory, configured once, the first time any of its classes logs, from the file or
 * class-path resource named by the system property {@code out}. Left to its defaults it logs at INFO: about ten
 * lines per applied store batch, each formatted and written by its logging thread, a cost per message of an
 * embedded server that nobody reads. Unless the operator named a configuration, the store's own keeps errors and
 * advisories only.
 */
final class QuestDbLogging {
    static final String CONFIG_PROPERTY = "out";
    static final String QUIET_CONFIG = "/org/openenos/timeseries/questdb/questdb-log.conf";

    private QuestDbLogging() {
    }

    /** Call before the first QuestDB class is used; later calls change nothing (the factory is configured once). */
    static synchronized void quietUnlessConfigured() {
        if (System.getProperty(CONFIG_PROPERTY) == null) {
            System.setProperty(CONFIG_PROPERTY, QUIET_CONFIG);
        }
    }
}
