package org.openenos.model;

/**
 * One sample of one measure point of one asset. {@code value} is a Java value of the point's type: Long for INT,
 * Double for FLOAT/DOUBLE, Boolean, String (STRING, ENUM as string, DATE, FILE), Long for TIMESTAMP, and plain
 * maps/lists for STRUCT/ARRAY. {@code quality} is null when the point has no quality.
 */
public record MeasurePointValue(String orgId, String modelId, String assetId, String pointId, long time, Object value,
                                Integer quality) {
}
