package io.weft.node.report;

import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The look both report plots share, the size limits they accept, and the PNG encoding. */
final class PlotStyle
{
    /** Below this the axes and legend no longer fit; above it one request could ask a node for a huge bitmap. */
    static final int MIN_SIDE = 200;
    static final int MAX_SIDE = 4000;

    private static final String FONT = Font.SANS_SERIF;

    static
    {
        headless();
    }

    private PlotStyle()
    {
    }

    /** Nodes and the report run without a display; AWT must learn that before it first starts. */
    static void headless()
    {
        if (System.getProperty("java.awt.headless") == null)
        {
            System.setProperty("java.awt.headless", "true");
        }
    }

    static void checkSize(final int width, final int height)
    {
        if (width < MIN_SIDE || width > MAX_SIDE || height < MIN_SIDE || height > MAX_SIDE)
        {
            throw new IllegalArgumentException("plot size " + width + "x" + height + " is outside "
                + MIN_SIDE + ".." + MAX_SIDE + " pixels a side");
        }
    }

    static XYChart chart(final String title, final String xTitle, final String yTitle, final int width, final int height)
    {
        final XYChart chart = new XYChart(width, height);
        chart.setTitle(title == null ? "" : title);
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle(yTitle);
        final XYStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderColor(Color.GRAY);
        styler.setPlotGridLinesColor(new Color(0xDD, 0xDD, 0xDD));
        styler.setChartTitleBoxVisible(false);
        styler.setChartTitleFont(new Font(FONT, Font.BOLD, 15));
        styler.setAxisTitleFont(new Font(FONT, Font.PLAIN, 13));
        styler.setAxisTickLabelsFont(new Font(FONT, Font.PLAIN, 12));
        styler.setLegendFont(new Font(FONT, Font.PLAIN, 12));
        styler.setLegendBorderColor(Color.LIGHT_GRAY);
        styler.setAnnotationTextFont(new Font(FONT, Font.ITALIC, 16));
        styler.setAnnotationTextFontColor(Color.DARK_GRAY);
        styler.setAntiAlias(true);
        styler.setChartPadding(12);
        // Below the plot the legend never hides a line, whatever shape the data has.
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        return chart;
    }

    /** Said in the middle of the plot when there is nothing to draw, so an empty picture is not read as a zero line. */
    static void noSamples(final XYChart chart, final int width, final int height)
    {
        chart.getStyler().setLegendVisible(false);
        // Tick numbers on an empty value axis would read as data; the axis titles still say what would be there.
        chart.getStyler().setYAxisTicksVisible(false);
        chart.addAnnotation(new AnnotationText("no samples", width / 2.0, height / 2.0, true));
    }

    static byte[] png(final XYChart chart)
    {
        try
        {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        }
        catch (final IOException ex)
        {
            // Encoding into memory has no real I/O to fail; a failure here is a bug, not a condition to handle.
            throw new UncheckedIOException(ex);
        }
    }
}
