package io.weft.node.report;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PercentilePlotRendererTest
{
    @Test
    void populatedHistogramIsAPngOfTheAskedSizeWithALine()
    {
        final byte[] png = PercentilePlotRenderer.png("slot-wait, cpu", latencies(50_000, 1), 800, 450);

        final BufferedImage image = PngCheck.assertPng(png, 800, 450);
        assertTrue(PngCheck.colouredPixels(image) > 500, "the percentile line is drawn");
    }

    @Test
    void emptyHistogramStillRendersAndDrawsNoLine()
    {
        final byte[] png = PercentilePlotRenderer.png("slot-wait, gpu", new Histogram(3), 640, 360);

        final BufferedImage image = PngCheck.assertPng(png, 640, 360);
        assertEquals(0, PngCheck.colouredPixels(image));
    }

    @Test
    void singleSampleRenders()
    {
        final Histogram one = new Histogram(3);
        one.recordValue(2_000_000);

        PngCheck.assertPng(PercentilePlotRenderer.png("one", one, 400, 300), 400, 300);
    }

    @Test
    void severalSeriesOnOneChartSkipTheEmptyOnes()
    {
        final Map<String, Histogram> series = new LinkedHashMap<>();
        series.put("cpu", latencies(20_000, 2));
        series.put("gpu", latencies(2_000, 3));
        series.put("fpga", new Histogram(3));

        final BufferedImage image = PngCheck.assertPng(PercentilePlotRenderer.png("by class", series, 900, 500), 900, 500);
        assertTrue(PngCheck.colouredPixels(image) > 500);
    }

    @Test
    void wholeDecadesAreLabelledAsNines()
    {
        assertEquals("0%", PercentilePlotRenderer.percentileLabel(0.0));
        assertEquals("90%", PercentilePlotRenderer.percentileLabel(1.0));
        assertEquals("99%", PercentilePlotRenderer.percentileLabel(2.0));
        assertEquals("99.9%", PercentilePlotRenderer.percentileLabel(3.0));
        assertEquals("99.99%", PercentilePlotRenderer.percentileLabel(4.0));
        assertEquals("99.999%", PercentilePlotRenderer.percentileLabel(5.0));
        assertEquals("99.999%", PercentilePlotRenderer.percentileLabel(5.0000000001));
        assertEquals(" ", PercentilePlotRenderer.percentileLabel(2.5));
    }

    @Test
    void refusesSizesOutsideTheLimits()
    {
        assertThrows(IllegalArgumentException.class, () -> PercentilePlotRenderer.png("t", new Histogram(3), 10, 300));
        assertThrows(IllegalArgumentException.class,
            () -> PercentilePlotRenderer.png("t", new Histogram(3), 300, 100_000));
    }

    /** Mostly around a millisecond with a rare slow tail, like a slot wait under load. */
    static Histogram latencies(final int count, final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final Histogram histogram = new Histogram(3_600_000_000_000L, 3);
        for (int i = 0; i < count; i++)
        {
            final double ms = 1.0 + random.nextDouble() * 0.5 + (random.nextInt(500) == 0 ? random.nextDouble() * 20 : 0);
            histogram.recordValue((long) (ms * 1e6));
        }
        return histogram;
    }
}
