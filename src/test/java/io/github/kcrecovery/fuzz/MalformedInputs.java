package io.github.kcrecovery.fuzz;

import java.util.List;
import java.util.Random;

/**
 * A seeded, deterministic source of bad form values. Each value may carry a {@code marker}: markup that must never
 * come back unescaped in a page (HTML/JS injection), or the text a FreeMarker expression would produce if it were
 * evaluated. Unique numbers in the markers tie a finding to its input.
 */
final class MalformedInputs {

    /** A value to send, and what must not appear in the raw response (null: nothing to look for). */
    record Bad(String category, String value, String marker) {
    }

    private static final List<String> PHONES = List.of("+", "++79161234567", "+7 (916) 123-45-67 ext. 99999999999999",
            "+0000000000000000000000", "８９１６１２３４５６７", "٨٩١٦١٢٣٤٥٦٧", "+7916123456７", "tel:+79161234567",
            "+79161234567;ext=1", "-79161234567", "7916123456789012345678901234567890", "+7916\u0000123", "0x1F");
    private static final List<String> DATES = List.of("2024-02-30", "2023-13-01", "0000-00-00", "99999-01-01",
            "-2000-01-01", "1990-1-1", "01.01.1990", "1990/01/01", "1990-01-01T00:00:00Z", "１９９０-０１-０１",
            "1990-01-01\n", "9999999999999999999", "1990-01-32", "NaN");

    private final Random random;
    private long serial;

    MalformedInputs(long seed) {
        this.random = new Random(seed);
    }

    synchronized Bad next() {
        long n = ++serial;
        return switch (random.nextInt(12)) {
            case 0 -> new Bad("overlong", repeat("a", 1 + random.nextInt(3) * 20_000 + random.nextInt(5000)), null);
            case 1 -> new Bad("control", controlChars(), null);
            case 2 -> new Bad("rtl+combining", "\u202Eadmin\u202C" + "e\u0301\u0302\u0303".repeat(1 + random.nextInt(200))
                    + "\uFEFF\u200B\uD83D\uDE00", null);
            case 3 -> new Bad("freemarker", "${\"kcfz" + n + "\"?upper_case}", "KCFZ" + n);
            case 4 -> new Bad("freemarker-directive", "<#assign kcfz" + n + "=1>${kcfz" + n + "}", "<#assign kcfz" + n);
            case 5 -> new Bad("html-script", "<script>kcfz" + n + "()</script>", "<script>kcfz" + n);
            case 6 -> new Bad("html-attribute", "\" onmouseover=\"kcfz" + n + "()", "\" onmouseover=\"kcfz" + n);
            case 7 -> new Bad("html-tag", "'><img src=x onerror=kcfz" + n + "()>", "<img src=x onerror=kcfz" + n);
            case 8 -> new Bad("phone", PHONES.get(random.nextInt(PHONES.size())), null);
            case 9 -> new Bad("date", DATES.get(random.nextInt(DATES.size())), null);
            case 10 -> new Bad("sql+path", List.of("' OR '1'='1", "\\\"; DROP TABLE user_entity; --", "../../../../etc/passwd",
                    "%00", "%s%s%s%n", "{{7*7}}", "#{7*7}").get(random.nextInt(7)), null);
            default -> new Bad("unicode-noise", randomUnicode(1 + random.nextInt(300)), null);
        };
    }

    synchronized int nextInt(int bound) {
        return random.nextInt(bound);
    }

    private String controlChars() {
        StringBuilder s = new StringBuilder("x");
        for (int i = 0; i < 1 + random.nextInt(40); i++) {
            s.append((char) random.nextInt(32)).append(random.nextBoolean() ? "\u007F" : "\u0085");
        }
        return s.toString();
    }

    private String randomUnicode(int length) {
        StringBuilder s = new StringBuilder();
        while (s.length() < length) {
            int codePoint = random.nextInt(0x2FFFF);
            if (Character.isValidCodePoint(codePoint) && !Character.isSurrogate((char) codePoint)) {
                s.appendCodePoint(codePoint);
            }
        }
        return s.toString();
    }

    private static String repeat(String s, int times) {
        return s.repeat(times);
    }
}
