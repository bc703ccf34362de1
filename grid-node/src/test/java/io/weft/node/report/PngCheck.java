package io.weft.node.report;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every rendered plot must be: a PNG of the asked size, neither trivially small nor oversized. */
final class PngCheck
{
    static final int MIN_BYTES = 2 * 1024;
    static final int MAX_BYTES = 3 * 1024 * 1024;

    private PngCheck()
    {
    }

    static BufferedImage assertPng(final byte[] png, final int width, final int height)
    {
        assertTrue(ReportClient.isPng(png), "PNG signature");
        assertTrue(png.length > MIN_BYTES, "at least " + MIN_BYTES + " bytes, was " + png.length);
        assertTrue(png.length < MAX_BYTES, "under " + MAX_BYTES + " bytes, was " + png.length);
        final BufferedImage image;
        try
        {
            image = ImageIO.read(new ByteArrayInputStream(png));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        assertNotNull(image, "ImageIO decodes it");
        assertEquals(width, image.getWidth());
        assertEquals(height, image.getHeight());
        return image;
    }

    /**
     * Pixels of clearly saturated colour. The frame, grid, text and "no samples" note are all grey, so these are
     * the drawn series: a count near zero means no line was drawn.
     */
    static int colouredPixels(final BufferedImage image)
    {
        int coloured = 0;
        for (int y = 0; y < image.getHeight(); y++)
        {
            for (int x = 0; x < image.getWidth(); x++)
            {
                final int rgb = image.getRGB(x, y);
                final int r = (rgb >> 16) & 0xFF;
                final int g = (rgb >> 8) & 0xFF;
                final int b = rgb & 0xFF;
                if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 80)
                {
                    coloured++;
                }
            }
        }
        return coloured;
    }

    /** Saturated pixels that are mostly red: the alert threshold line. */
    static int reddishPixels(final BufferedImage image)
    {
        int red = 0;
        for (int y = 0; y < image.getHeight(); y++)
        {
            for (int x = 0; x < image.getWidth(); x++)
            {
                final int rgb = image.getRGB(x, y);
                final int r = (rgb >> 16) & 0xFF;
                final int g = (rgb >> 8) & 0xFF;
                final int b = rgb & 0xFF;
                if (r > 150 && r - g > 80 && r - b > 80)
                {
                    red++;
                }
            }
        }
        return red;
    }
}
