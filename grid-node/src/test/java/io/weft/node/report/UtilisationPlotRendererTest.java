package io.weft.node.report;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UtilisationPlotRendererTest
{
    private static final long START = 1_796_086_800_000L;

    @Test
    void utilisationOverTimeIsAPngWithItsLineAndTheAlertLine()
    {
        final int n = 90;
        final long[] times = new long[n];
        final double[] used = new double[n];
        for (int i = 0; i < n; i++)
        {
            times[i] = START + i * 10_000L;
            used[i] = 0.5 + 0.45 * Math.sin(i / 12.0);
        }

        final BufferedImage image = PngCheck.assertPng(
            UtilisationPlotRenderer.png("cpu", times, used, 0.9, 900, 400), 900, 400);
        assertTrue(PngCheck.colouredPixels(image) > 500, "the utilisation line is drawn");
        assertTrue(PngCheck.reddishPixels(image) > 100, "the alert threshold line is drawn");
    }

    @Test
    void emptySeriesStillRenders()
    {
        final BufferedImage image = PngCheck.assertPng(
            UtilisationPlotRenderer.png("gpu", new long[0], new double[0], 0.9, 600, 300), 600, 300);
        assertEquals(0, PngCheck.colouredPixels(image));
    }

    @Test
    void oneSampleRendersWithoutAnAlertLine()
    {
        PngCheck.assertPng(UtilisationPlotRenderer.png("gpu", new long[] {START}, new double[] {0.4}, 0, 600, 300),
            600, 300);
    }

    @Test
    void timesAndValuesMustPairUp()
    {
        assertThrows(IllegalArgumentException.class,
            () -> UtilisationPlotRenderer.png("x", new long[] {START}, new double[0], 0.9, 600, 300));
    }
}
