package io.github.kcrecovery.sms.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A URL or body template with {@code {name}} placeholders, parsed once. Values are substituted in one pass, so a
 * value that itself contains {@code {text}} is sent as is. A brace not followed by a name and {@code }} (as in
 * JSON objects) is literal text.
 */
public final class MessageTemplate {

    public static final String PHONE = "phone";
    public static final String TEXT = "text";
    public static final String FROM = "from";
    public static final String USERNAME = "username";
    public static final String PASSWORD = "password";
    public static final String API_KEY = "apiKey";
    static final List<String> PLACEHOLDERS = List.of(PHONE, TEXT, FROM, USERNAME, PASSWORD, API_KEY);

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}");

    /** Literal text at even indexes, placeholder names at odd ones. */
    private final List<String> parts;

    private MessageTemplate(List<String> parts) {
        this.parts = List.copyOf(parts);
    }

    /** @throws IllegalArgumentException naming the unknown placeholder, so a typo fails at startup, not at send time */
    public static MessageTemplate parse(String template) {
        List<String> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        int literalStart = 0;
        while (m.find()) {
            String name = m.group(1);
            if (!PLACEHOLDERS.contains(name)) {
                throw new IllegalArgumentException("Unknown placeholder {" + name + "}; known are "
                        + PLACEHOLDERS.stream().map(p -> "{" + p + "}").collect(Collectors.joining(", ")));
            }
            parts.add(template.substring(literalStart, m.start()));
            parts.add(name);
            literalStart = m.end();
        }
        parts.add(template.substring(literalStart));
        return new MessageTemplate(parts);
    }

    /** Whether the template uses the placeholder, e.g. to require a value only when it is needed. */
    public boolean uses(String placeholder) {
        for (int i = 1; i < parts.size(); i += 2) {
            if (parts.get(i).equals(placeholder)) {
                return true;
            }
        }
        return false;
    }

    /** @param values placeholder values; a missing one becomes the empty string */
    public String render(Map<String, String> values, Escaping escaping) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            if (i % 2 == 0) {
                out.append(parts.get(i));
            } else {
                out.append(escaping.escape(values.getOrDefault(parts.get(i), "")));
            }
        }
        return out.toString();
    }
}
