package org.openenos.alerting;

/** Told about alert changes after they are stored; must return quickly. */
public interface AlertListener {
    enum Change { RAISED, RECOVERED, CLOSED, ACKNOWLEDGED }

    void onAlert(Change change, Alert alert, AlertRule rule);
}
