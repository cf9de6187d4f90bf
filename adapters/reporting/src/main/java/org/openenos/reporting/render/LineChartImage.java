package org.openenos.reporting.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.LongFunction;
import org.openenos.timeseries.AggregateBucket;

/**
 * A line chart of one series drawn with plain Java2D (no chart library for one kind of chart): axes, five value
 * ticks, six time ticks in local time, the line. A gap longer than two windows breaks the line, so missing data is
 * not drawn as a straight slope. Labels need the system's fonts; on a host without any the chart is drawn without
 * them rather than not at all.
 */
final class LineChartImage {
    static final int WIDTH = 1200;
    static final int HEIGHT = 500;
    private static final int LEFT = 90;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final Color LINE = new Color(0x1f, 0x6f, 0xb4);

    private LineChartImage() {
    }

    /** {@code label} of a time for the axis; the window is {@code [from, to)}. */
    static BufferedImage draw(String title, List<AggregateBucket> points, long from, long to, long interval,
                              LongFunction<String> label) {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            int plotW = WIDTH - LEFT - RIGHT;
            int plotH = HEIGHT - TOP - BOTTOM;
            double min = points.stream().mapToDouble(AggregateBucket::value).min().orElse(0);
            double max = points.stream().mapToDouble(AggregateBucket::value).max().orElse(1);
            if (max - min < 1e-9) {
                min -= 1;
                max += 1;
            }
            double lo = min;
            double span = max - min;
            g.setColor(new Color(0xdd, 0xdd, 0xdd));
            for (int i = 0; i <= 4; i++) {
                int y = TOP + plotH - plotH * i / 4;
                g.drawLine(LEFT, y, LEFT + plotW, y);
            }
            g.setColor(Color.DARK_GRAY);
            g.drawRect(LEFT, TOP, plotW, plotH);
            Path2D line = new Path2D.Double();
            long previous = Long.MIN_VALUE;
            for (AggregateBucket b : points) {
                double x = LEFT + plotW * (double) (b.windowStart() - from) / Math.max(1, to - from);
                double y = TOP + plotH - plotH * (b.value() - lo) / span;
                if (previous == Long.MIN_VALUE || b.windowStart() - previous > 2 * interval) {
                    line.moveTo(x, y);
                } else {
                    line.lineTo(x, y);
                }
                previous = b.windowStart();
            }
            g.setColor(LINE);
            g.setStroke(new BasicStroke(2f));
            g.draw(line);
            labels(g, title, points.isEmpty(), lo, span, from, to, label, plotW, plotH);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void labels(Graphics2D g, String title, boolean empty, double lo, double span, long from, long to,
                               LongFunction<String> label, int plotW, int plotH) {
        try {
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            g.drawString(title, LEFT, 30);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            for (int i = 0; i <= 4; i++) {
                String v = ValueText.of(round(lo + span * i / 4));
                int y = TOP + plotH - plotH * i / 4;
                g.drawString(v, LEFT - 8 - g.getFontMetrics().stringWidth(v), y + 5);
            }
            for (int i = 0; i <= 5; i++) {
                long t = from + (to - from) * i / 5;
                String s = label.apply(t);
                int x = LEFT + plotW * i / 5 - g.getFontMetrics().stringWidth(s) / 2;
                g.drawString(s, x, TOP + plotH + 22);
            }
            if (empty) {
                g.drawString("No values in the period", LEFT + plotW / 2 - 70, TOP + plotH / 2);
            }
        } catch (Error | RuntimeException noFonts) {
            // headless host without fonts: the line is still worth having
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
