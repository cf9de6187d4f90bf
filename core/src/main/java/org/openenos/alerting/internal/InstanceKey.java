package org.openenos.alerting.internal;

/** Identifies the evaluation state of one rule on one asset. */
record InstanceKey(String orgId, String ruleId, String assetId) {
}
