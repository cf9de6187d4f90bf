package org.openenos.alerting.expression;

/**
 * Values an expression reads while it is evaluated: the latest measure point values and the attributes of one
 * asset. Returning null means "not known yet", which makes the whole condition unknown rather than false.
 */
public interface Bindings {
    Object point(String pointId);

    default Object attribute(String attributeId) {
        return null;
    }
}
