package io.github.kcrecovery.captcha;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The attack on a vector captcha: what a script needs to read digits drawn as SVG polylines (as the picture was
 * drawn up to a65913c). Each digit's strokes share one colour and width; its points, fitted to each glyph of the
 * picture's line font by the best rotation, scale and shift (Procrustes, with complex numbers), name the digit.
 * Empty when the markup carries no such strokes.
 */
final class SvgDigitReader {

    private static final Pattern POLYLINE = Pattern.compile("<path d=\"(M[-0-9. L]+)\"[^>]*stroke=\"([^\"]+)\" stroke-width=\"([^\"]+)\"");

    private SvgDigitReader() {
    }

    static Optional<String> read(String markup) {
        Map<String, List<Double>> digits = new LinkedHashMap<>();
        Matcher m = POLYLINE.matcher(markup);
        while (m.find()) {
            List<Double> points = digits.computeIfAbsent(m.group(2) + "/" + m.group(3), k -> new ArrayList<>());
            for (String n : m.group(1).replaceAll("[ML]", " ").trim().split("\\s+")) {
                points.add(Double.parseDouble(n));
            }
        }
        StringBuilder answer = new StringBuilder();
        for (List<Double> points : digits.values()) {
            int best = -1;
            double bestError = Double.MAX_VALUE;
            for (int d = 0; d < 10; d++) {
                double error = fitError(DigitPicture.GLYPHS[d], points);
                if (error < bestError) {
                    best = d;
                    bestError = error;
                }
            }
            answer.append(best);
        }
        return answer.isEmpty() ? Optional.empty() : Optional.of(answer.toString());
    }

    /** Residual of the least-squares similarity fit of the glyph onto the seen points; infinite if the counts differ. */
    private static double fitError(double[][] glyph, List<Double> seen) {
        List<Double> template = new ArrayList<>();
        for (double[] stroke : glyph) {
            for (int i = 0; i < stroke.length; i += 2) {
                template.add(stroke[i]);
                template.add(stroke[i + 1] * 1.1);
            }
        }
        if (template.size() != seen.size()) {
            return Double.MAX_VALUE;
        }
        int n = seen.size() / 2;
        double[] z = centered(template);
        double[] w = centered(seen);
        // w ~ a * z with complex a = sum(conj(z) w) / sum(|z|^2)
        double re = 0, im = 0, norm = 0;
        for (int i = 0; i < n; i++) {
            re += z[2 * i] * w[2 * i] + z[2 * i + 1] * w[2 * i + 1];
            im += z[2 * i] * w[2 * i + 1] - z[2 * i + 1] * w[2 * i];
            norm += z[2 * i] * z[2 * i] + z[2 * i + 1] * z[2 * i + 1];
        }
        double ar = re / norm, ai = im / norm, error = 0;
        for (int i = 0; i < n; i++) {
            double dx = w[2 * i] - (ar * z[2 * i] - ai * z[2 * i + 1]);
            double dy = w[2 * i + 1] - (ar * z[2 * i + 1] + ai * z[2 * i]);
            error += dx * dx + dy * dy;
        }
        return error;
    }

    private static double[] centered(List<Double> xy) {
        int n = xy.size() / 2;
        double cx = 0, cy = 0;
        for (int i = 0; i < n; i++) {
            cx += xy.get(2 * i) / n;
            cy += xy.get(2 * i + 1) / n;
        }
        double[] out = new double[xy.size()];
        for (int i = 0; i < n; i++) {
            out[2 * i] = xy.get(2 * i) - cx;
            out[2 * i + 1] = xy.get(2 * i + 1) - cy;
        }
        return out;
    }
}
