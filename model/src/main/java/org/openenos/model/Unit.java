package org.openenos.model;

/** A unit such as {@code °C} with an SI multiplier name such as {@code ONE} or {@code KILO}. */
public record Unit(String unitId, String multiplier) {
}
