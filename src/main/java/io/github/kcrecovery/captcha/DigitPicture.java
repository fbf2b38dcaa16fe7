package io.github.kcrecovery.captcha;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.geom.QuadCurve2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.random.RandomGenerator;

/**
 * Draws digits as a noisy raster picture (PNG). The digits are stroked from a small built-in line font, each
 * one shifted, rotated, scaled and jittered, crossed by noise curves and speckles, then the whole picture is
 * warped by random waves: the page carries pixels only, no path, text or font a script could read. Drawing
 * needs no fonts and no display (headless java.awt, part of every JDK).
 */
final class DigitPicture {

    static final int HEIGHT = 64;
    private static final int CELL = 30;
    private static final int MARGIN = 12;

    /** Strokes of each digit on a 10 x 16 grid, as x,y pairs; a digit may have several strokes. */
    static final double[][][] GLYPHS = {
            {{5, 0, 8.5, 1.5, 10, 5, 10, 11, 8.5, 14.5, 5, 16, 1.5, 14.5, 0, 11, 0, 5, 1.5, 1.5, 5, 0}},
            {{2, 4, 6, 0, 6, 16}, {2.5, 16, 9.5, 16}},
            {{0, 4, 2, 1, 5, 0, 8, 1, 10, 4, 9, 7, 0, 16, 10, 16}},
            {{0, 2, 4, 0, 8, 1, 9, 4, 7, 7, 4, 8, 8, 9, 10, 12, 8, 15, 4, 16, 0, 14}},
            {{7, 16, 7, 0, 0, 11, 10, 11}},
            {{9, 0, 1, 0, 0, 7, 5, 6, 9, 8, 10, 12, 8, 15, 4, 16, 0, 14}},
            {{8, 1, 5, 0, 2, 1, 0, 6, 0, 12, 2, 15, 5, 16, 8, 15, 10, 12, 9, 9, 5, 8, 2, 9, 0, 12}},
            {{0, 0, 10, 0, 4, 16}},
            {{5, 8, 2, 7, 1, 4, 2, 1, 5, 0, 8, 1, 9, 4, 8, 7, 5, 8, 1, 10, 0, 13, 2, 15.5, 5, 16, 8, 15.5, 10, 13, 9, 10, 5, 8}},
            {{10, 4, 8, 7, 5, 8, 2, 7, 0, 4, 2, 1, 5, 0, 8, 1, 10, 4, 10, 10, 8, 15, 5, 16, 2, 15}},
    };

    private DigitPicture() {
    }

    static int width(int digitCount) {
        return 2 * MARGIN + digitCount * CELL;
    }

    static byte[] png(String digits, RandomGenerator random) {
        int width = width(digits.length());
        BufferedImage clean = new BufferedImage(width, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = clean.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(new Color(0xf4f4f2));
            g.fillRect(0, 0, width, HEIGHT);
            for (int i = 0; i < digits.length(); i++) {
                drawDigit(g, digits.charAt(i) - '0', MARGIN + i * CELL, random);
            }
            for (int i = 0; i < 3; i++) {
                g.setColor(color(random));
                g.setStroke(new BasicStroke((float) (1.2 + random.nextDouble(1.3))));
                g.draw(new QuadCurve2D.Double(random.nextDouble(width / 4.0), 8 + random.nextDouble(HEIGHT - 16),
                        random.nextDouble(width), random.nextDouble(HEIGHT),
                        width - random.nextDouble(width / 4.0), 8 + random.nextDouble(HEIGHT - 16)));
            }
        } finally {
            g.dispose();
        }
        BufferedImage picture = warp(clean, random);
        speckle(picture, random);
        try {
            ByteArrayOutputStream png = new ByteArrayOutputStream(8192);
            ImageIO.write(picture, "png", png);
            return png.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String dataUri(byte[] png) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }

    private static void drawDigit(Graphics2D g, int digit, double cellX, RandomGenerator random) {
        double scale = 2.2 + random.nextDouble(0.6);
        double angle = Math.toRadians(random.nextDouble(-16, 16));
        double centerX = cellX + CELL / 2.0 + random.nextDouble(-3, 3);
        double centerY = HEIGHT / 2.0 + random.nextDouble(-5, 5);
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        g.setColor(color(random));
        g.setStroke(new BasicStroke((float) (2.2 + random.nextDouble(1.4)), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (double[] line : GLYPHS[digit]) {
            Path2D.Double path = new Path2D.Double();
            for (int p = 0; p < line.length; p += 2) {
                double x = (line[p] - 5 + random.nextDouble(-0.35, 0.35)) * scale * 0.9;
                double y = (line[p + 1] - 8 + random.nextDouble(-0.35, 0.35)) * scale * 0.9 * 1.1;
                double px = centerX + x * cos - y * sin;
                double py = centerY + x * sin + y * cos;
                if (p == 0) {
                    path.moveTo(px, py);
                } else {
                    path.lineTo(px, py);
                }
            }
            g.draw(path);
        }
    }

    /** Moves every pixel along two random sine waves, so straight strokes bend differently in each picture. */
    private static BufferedImage warp(BufferedImage source, RandomGenerator random) {
        int width = source.getWidth();
        int height = source.getHeight();
        double ampX = 1.5 + random.nextDouble(1.5);
        double ampY = 2 + random.nextDouble(2);
        double periodX = 18 + random.nextDouble(14);
        double periodY = 40 + random.nextDouble(40);
        double phaseX = random.nextDouble(2 * Math.PI);
        double phaseY = random.nextDouble(2 * Math.PI);
        BufferedImage warped = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int sx = (int) Math.round(x + ampX * Math.sin(2 * Math.PI * y / periodX + phaseX));
                int sy = (int) Math.round(y + ampY * Math.sin(2 * Math.PI * x / periodY + phaseY));
                sx = Math.max(0, Math.min(width - 1, sx));
                sy = Math.max(0, Math.min(height - 1, sy));
                warped.setRGB(x, y, source.getRGB(sx, sy));
            }
        }
        return warped;
    }

    /** Dark and light speckles over about 6 % of the pixels. */
    private static void speckle(BufferedImage picture, RandomGenerator random) {
        int count = picture.getWidth() * picture.getHeight() * 6 / 100;
        for (int i = 0; i < count; i++) {
            int x = random.nextInt(picture.getWidth());
            int y = random.nextInt(picture.getHeight());
            picture.setRGB(x, y, random.nextBoolean() ? color(random).getRGB() : 0xf4f4f2);
        }
    }

    private static Color color(RandomGenerator random) {
        return new Color(20 + random.nextInt(90), 20 + random.nextInt(90), 40 + random.nextInt(100));
    }
}
