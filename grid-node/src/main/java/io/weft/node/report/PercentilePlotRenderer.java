package io.weft.node.report;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws HdrHistogram's percentile distribution plot as a PNG: latency in milliseconds against the percentile on
 * HdrHistogram's log scale, where each decade to the right is one more nine (90%, 99%, 99.9%, ...), so the tail a
 * capacity planner cares about gets as much room as the median.
 */
public final class PercentilePlotRenderer
{
    /** Ticks per half distance of HdrHistogram's percentile iteration; 5 is what its own text output uses. */
    private static final int PERCENTILE_TICKS_PER_HALF_DISTANCE = 5;
    /** Never fewer nines on the axis than 99%, so a handful of samples still reads as a percentile plot. */
    private static final int MIN_DECADES = 2;
    private static final double NANOS_PER_MILLI = 1e6;

    static
    {
        PlotStyle.headless();
    }

    private PercentilePlotRenderer()
    {
    }

    /**
     * @param title        the chart title
     * @param histogramNs  latencies in nanoseconds; may be empty, which renders a "no samples" picture
     * @param width        pixels, 200..4000
     * @param height       pixels, 200..4000
     * @return PNG bytes
     */
    public static byte[] png(final String title, final Histogram histogramNs, final int width, final int height)
    {
        final Map<String, Histogram> series = new LinkedHashMap<>();
        series.put("latency", histogramNs);
        return png(title, series, width, height);
    }

    /**
     * Several distributions on one chart, e.g. one per executor class; each is named in the legend with its count.
     * Empty histograms are left out of the chart; when all are empty the picture says "no samples".
     */
    public static byte[] png(final String title, final Map<String, ? extends Histogram> series, final int width,
        final int height)
    {
        PlotStyle.checkSize(width, height);
        final List<Curve> curves = new ArrayList<>();
        double maxFiniteX = 0;
        for (final Map.Entry<String, ? extends Histogram> entry : series.entrySet())
        {
            final Histogram histogram = entry.getValue();
            if (histogram == null || histogram.getTotalCount() == 0)
            {
                continue;
            }
            final Curve curve = curve(entry.getKey(), histogram);
            curves.add(curve);
            maxFiniteX = Math.max(maxFiniteX, curve.maxFiniteX);
        }

        final boolean empty = curves.isEmpty();
        final String shownTitle = empty ? (title == null || title.isEmpty() ? "" : title + " ") + "(no samples)" : title;
        final XYChart chart = PlotStyle.chart(shownTitle, "percentile", "latency (ms)", width, height);
        final int decades = Math.max(MIN_DECADES, (int) Math.ceil(maxFiniteX - 1e-9));
        final XYStyler styler = chart.getStyler();
        // XChart's own logarithmic axis only labels with decimal patterns, and a custom label function switches it
        // back to linear ticks; so the axis is linear in log10(1/(1-p)) and the labels turn whole decades into nines.
        styler.setXAxisMin(0.0);
        styler.setXAxisMax((double) decades);
        styler.setxAxisTickLabelsFormattingFunction(PercentilePlotRenderer::percentileLabel);
        styler.setYAxisMin(0.0);
        if (empty)
        {
            styler.setYAxisMax(1.0);
            PlotStyle.noSamples(chart, width, height);
            return PlotStyle.png(chart);
        }
        for (final Curve curve : curves)
        {
            curve.capAt(decades);
            final XYSeries drawn = chart.addSeries(curve.label, curve.x, curve.y);
            drawn.setMarker(SeriesMarkers.NONE);
            drawn.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            drawn.setLineStyle(new BasicStroke(2.0f));
        }
        return PlotStyle.png(chart);
    }

    /** "0%", "90%", "99%", "99.9%", ... at whole decades; blank between them, so ticks settle on whole decades. */
    static String percentileLabel(final Double x)
    {
        final long decade = Math.round(x);
        if (Math.abs(x - decade) > 1e-6 || decade < 0)
        {
            return " ";
        }
        if (decade == 0)
        {
            return "0%";
        }
        if (decade == 1)
        {
            return "90%";
        }
        return "99" + (decade > 2 ? "." + "9".repeat((int) decade - 2) : "") + "%";
    }

    private static Curve curve(final String name, final Histogram histogram)
    {
        final List<double[]> points = new ArrayList<>();
        for (final HistogramIterationValue value : histogram.percentiles(PERCENTILE_TICKS_PER_HALF_DISTANCE))
        {
            final double fraction = value.getPercentileLevelIteratedTo() / 100.0;
            // The 100th percentile sits at infinity on this scale; NaN marks it until the axis end is known.
            final double x = fraction >= 1.0 ? Double.NaN : Math.log10(1.0 / (1.0 - fraction));
            points.add(new double[] {x, value.getValueIteratedTo() / NANOS_PER_MILLI});
        }
        final String label = String.format("%s (n=%,d, max %s ms)", name, histogram.getTotalCount(),
            millis(histogram.getMaxValue() / NANOS_PER_MILLI));
        return new Curve(label, points);
    }

    private static String millis(final double ms)
    {
        return ms >= 100 ? String.format("%,.0f", ms) : ms >= 1 ? String.format("%.2f", ms) : String.format("%.3f", ms);
    }

    /** One series' points, x already on the log10(1/(1-p)) scale. */
    private static final class Curve
    {
        final String label;
        final double[] x;
        final double[] y;
        final double maxFiniteX;

        Curve(final String label, final List<double[]> points)
        {
            this.label = label;
            this.x = new double[points.size()];
            this.y = new double[points.size()];
            double max = 0;
            for (int i = 0; i < points.size(); i++)
            {
                x[i] = points.get(i)[0];
                y[i] = points.get(i)[1];
                if (!Double.isNaN(x[i]))
                {
                    max = Math.max(max, x[i]);
                }
            }
            this.maxFiniteX = max;
        }

        /** The 100th percentile (the maximum) is drawn at the right edge of the axis. */
        void capAt(final double axisEnd)
        {
            for (int i = 0; i < x.length; i++)
            {
                if (Double.isNaN(x[i]))
                {
                    x[i] = axisEnd;
                }
            }
        }
    }
}
