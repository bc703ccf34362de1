package io.weft.node.report;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;

/**
 * Draws slot utilisation of one executor class over time as a PNG, in percent, with the alert threshold as a dashed
 * line so a planner sees at a glance how long and how far the class ran above it.
 */
public final class UtilisationPlotRenderer
{
    private static final long DAY_MS = 24L * 60 * 60 * 1000;
    /** With so few points a line is a dot or a stroke that is easy to miss; markers show where the samples are. */
    private static final int FEW_POINTS = 3;
    private static final long SINGLE_SAMPLE_PAD_MS = 30_000;
    private static final Color UTILISATION = new Color(0x1F, 0x77, 0xB4);
    private static final Color ALERT = new Color(0xD6, 0x27, 0x28);

    static
    {
        PlotStyle.headless();
    }

    private UtilisationPlotRenderer()
    {
    }

    /**
     * @param title          the chart title
     * @param epochMs        sample times, ascending; may be empty, which renders a "no samples" picture
     * @param utilisation    used slots / total slots at each time, 0..1; NaN leaves a gap
     * @param alertThreshold 0..1; the dashed line is left out when it is not above 0
     * @param width          pixels, 200..4000
     * @param height         pixels, 200..4000
     * @return PNG bytes
     */
    public static byte[] png(final String title, final long[] epochMs, final double[] utilisation,
        final double alertThreshold, final int width, final int height)
    {
        PlotStyle.checkSize(width, height);
        if (epochMs.length != utilisation.length)
        {
            throw new IllegalArgumentException("times and utilisation differ in length: " + epochMs.length + " vs "
                + utilisation.length);
        }
        final boolean empty = epochMs.length == 0;
        final String shownTitle = empty ? (title == null || title.isEmpty() ? "" : title + " ") + "(no samples)" : title;
        final XYChart chart = PlotStyle.chart(shownTitle, "time (UTC)", "utilisation (%)", width, height);
        final XYStyler styler = chart.getStyler();
        styler.setYAxisMin(0.0);
        double top = 100.0;
        for (final double u : utilisation)
        {
            if (!Double.isNaN(u))
            {
                top = Math.max(top, Math.ceil(u * 100.0));
            }
        }
        styler.setYAxisMax(top);
        if (empty)
        {
            styler.setXAxisMin(0.0);
            styler.setXAxisMax(1.0);
            styler.setXAxisTicksVisible(false);
            PlotStyle.noSamples(chart, width, height);
            return PlotStyle.png(chart);
        }

        styler.setTimezone(TimeZone.getTimeZone("UTC"));
        styler.setLocale(Locale.ROOT);
        final long first = epochMs[0];
        final long last = epochMs[epochMs.length - 1];
        // A single sample (or all at one instant) gives the time axis no width to place a labelled tick in.
        final long from = last > first ? first : first - SINGLE_SAMPLE_PAD_MS;
        final long to = last > first ? last : last + SINGLE_SAMPLE_PAD_MS;
        final long span = to - from;
        styler.setXAxisMin((double) from);
        styler.setXAxisMax((double) to);
        styler.setDatePattern(span >= DAY_MS ? "MM-dd HH:mm" : span >= 60_000 ? "HH:mm" : "HH:mm:ss");

        final List<Date> times = new ArrayList<>(epochMs.length);
        final List<Double> percent = new ArrayList<>(epochMs.length);
        for (int i = 0; i < epochMs.length; i++)
        {
            times.add(new Date(epochMs[i]));
            percent.add(utilisation[i] * 100.0);
        }
        final XYSeries used = chart.addSeries("utilisation", times, percent);
        used.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        used.setLineColor(UTILISATION);
        used.setLineStyle(new BasicStroke(2.0f));
        used.setMarker(epochMs.length <= FEW_POINTS ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        used.setMarkerColor(UTILISATION);

        if (alertThreshold > 0)
        {
            final List<Date> ends = List.of(new Date(from), new Date(to));
            final double line = alertThreshold * 100.0;
            final XYSeries alert = chart.addSeries(String.format(Locale.ROOT, "alert threshold %.0f%%", line), ends,
                List.of(line, line));
            alert.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            alert.setLineColor(ALERT);
            alert.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10.0f,
                SeriesLines.DASH_DASH.getDashArray(), 0.0f));
            alert.setMarker(SeriesMarkers.NONE);
        }
        return PlotStyle.png(chart);
    }
}
