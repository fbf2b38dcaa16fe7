package io.github.kcrecovery.captcha;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Draws digits as a noisy SVG picture. The digits are stroked paths from a small built-in line font, each one
 * shifted, rotated, scaled and jittered, crossed by noise curves: no text element carries the answer, and no
 * font, AWT or headless graphics is needed in the server JVM.
 */
final class DigitPicture {

    static final int HEIGHT = 64;
    private static final int CELL = 30;
    private static final int MARGIN = 12;

    /** Strokes of each digit on a 10 x 16 grid, as x,y pairs; a digit may have several strokes. */
    private static final double[][][] GLYPHS = {
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

    static String svg(String digits, RandomGenerator random) {
        int width = width(digits.length());
        StringBuilder svg = new StringBuilder(4096)
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
                .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(width).append(' ').append(HEIGHT)
                .append("\"><rect width=\"100%\" height=\"100%\" fill=\"#f4f4f2\"/>");
        for (int i = 0; i < 40; i++) {
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"/>",
                    random.nextDouble(width), random.nextDouble(HEIGHT), 0.6 + random.nextDouble(1.4), color(random)));
        }
        for (int i = 0; i < digits.length(); i++) {
            drawDigit(svg, digits.charAt(i) - '0', MARGIN + i * CELL, random);
        }
        for (int i = 0; i < 3; i++) {
            svg.append(String.format(Locale.ROOT,
                    "<path d=\"M%.1f %.1f Q%.1f %.1f %.1f %.1f\" fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\"/>",
                    random.nextDouble(width / 4.0), 8 + random.nextDouble(HEIGHT - 16),
                    random.nextDouble(width), random.nextDouble(HEIGHT),
                    width - random.nextDouble(width / 4.0), 8 + random.nextDouble(HEIGHT - 16),
                    color(random), 1.2 + random.nextDouble(1.3)));
        }
        return svg.append("</svg>").toString();
    }

    static String dataUri(String svg) {
        return "data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(svg.getBytes(StandardCharsets.UTF_8));
    }

    private static void drawDigit(StringBuilder svg, int digit, double cellX, RandomGenerator random) {
        double scale = 2.2 + random.nextDouble(0.6);
        double angle = Math.toRadians(random.nextDouble(-16, 16));
        double centerX = cellX + CELL / 2.0 + random.nextDouble(-3, 3);
        double centerY = HEIGHT / 2.0 + random.nextDouble(-5, 5);
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        String stroke = color(random);
        double strokeWidth = 2.2 + random.nextDouble(1.4);
        for (double[] line : GLYPHS[digit]) {
            StringBuilder d = new StringBuilder();
            for (int p = 0; p < line.length; p += 2) {
                double x = (line[p] - 5 + random.nextDouble(-0.35, 0.35)) * scale * 0.9;
                double y = (line[p + 1] - 8 + random.nextDouble(-0.35, 0.35)) * scale * 0.9 * 1.1;
                d.append(p == 0 ? 'M' : 'L').append(String.format(Locale.ROOT, "%.1f %.1f ",
                        centerX + x * cos - y * sin, centerY + x * sin + y * cos));
            }
            svg.append("<path d=\"").append(d.toString().trim()).append("\" fill=\"none\" stroke=\"").append(stroke)
                    .append(String.format(Locale.ROOT, "\" stroke-width=\"%.1f\"", strokeWidth))
                    .append(" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>");
        }
    }

    private static String color(RandomGenerator random) {
        return String.format(Locale.ROOT, "rgb(%d,%d,%d)", 20 + random.nextInt(90), 20 + random.nextInt(90), 40 + random.nextInt(100));
    }
}
