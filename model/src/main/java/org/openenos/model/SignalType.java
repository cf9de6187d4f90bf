package org.openenos.model;

/** What a measure point means to storage and analytics: AI analog, DI state, PI energy counter, Generic anything else. */
public enum SignalType {
    Generic, AI, PI, DI
}
