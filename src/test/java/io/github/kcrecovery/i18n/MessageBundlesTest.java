package io.github.kcrecovery.i18n;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every message bundle of ours against English. Keycloak reads theme messages as UTF-8 and renders every login and
 * email text through {@link MessageFormat} ({@code msg()} in templates, email subjects, and our SMS texts in
 * {@code SmsTexts}, {@code AdminSmsRecovery}, {@code PhoneRecoveryEventListener}), with or without arguments, so a
 * literal apostrophe must be written {@code ''} in every value, as Keycloak's own bundles do.
 */
class MessageBundlesTest {

    private static final Path DIR = Path.of("themes", "theme-resources", "messages");

    /** The locales of Keycloak 26.7.3's login theme, spelled as its bundle file names are. */
    private static final Set<String> LOGIN_THEME_LOCALES = Set.of("ar", "az", "ca", "cs", "da", "de", "el", "en", "es",
            "eu", "fa", "fi", "fr", "hr", "hu", "hy", "id", "it", "ja", "ka", "kk", "ko", "ky", "lt", "lv", "nl", "no",
            "pl", "pt", "pt_BR", "ro", "ru", "sk", "sl", "sv", "th", "tr", "uk", "vi", "zh_Hans", "zh_Hant");

    /** Admin-console labels: the console shows them as they are, not through MessageFormat. */
    private static final Set<String> CONSOLE_KEYS =
            Set.of("recovery-contacts", "recovery-settings", "recovery-sms-gateway", "recovery-sms", "page");

    /** Values a native speaker writes exactly as in English, whatever the language. */
    private static final Set<String> SAME_AS_ENGLISH_ALLOWED = Set.of("Email");

    private static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)}");


    @Test
    void everyLoginThemeLocaleHasABundle() throws IOException {
        assertEquals(new TreeSet<>(LOGIN_THEME_LOCALES), new TreeSet<>(bundles().keySet()),
                "messages_<locale>.properties files vs the locales of Keycloak's login theme");
    }

    /** One key style: {@code recovery} + camelCase; only the console labels carry their page's id. */
    @Test
    void everyKeyIsRecoveryCamelCase() throws IOException {
        List<String> otherStyle = load("en").stringPropertyNames().stream()
                .filter(key -> !CONSOLE_KEYS.contains(key) && !key.matches("recovery[A-Z][A-Za-z0-9]*"))
                .sorted().toList();
        assertTrue(otherStyle.isEmpty(), "keys not in the one style recoveryCamelCase: " + otherStyle);
    }

    @Test
    void everyBundleHasExactlyTheEnglishKeysOnce() throws IOException {
        Set<String> english = load("en").keySet().stream().map(Object::toString).collect(Collectors.toSet());
        List<String> defects = new ArrayList<>();
        for (Map.Entry<String, Path> bundle : bundles().entrySet()) {
            Set<String> keys = new HashSet<>();
            for (String line : Files.readAllLines(bundle.getValue(), StandardCharsets.UTF_8)) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
                    continue;
                }
                String key = trimmed.split("[=:]", 2)[0].strip();
                if (!keys.add(key)) {
                    defects.add(bundle.getKey() + ": duplicate key " + key);
                }
            }
            Set<String> missing = new TreeSet<>(english);
            missing.removeAll(keys);
            Set<String> extra = new TreeSet<>(keys);
            extra.removeAll(english);
            if (!missing.isEmpty()) {
                defects.add(bundle.getKey() + ": missing " + missing);
            }
            if (!extra.isEmpty()) {
                defects.add(bundle.getKey() + ": not in English " + extra);
            }
        }
        assertTrue(defects.isEmpty(), String.join("\n", defects));
    }

    @Test
    void everyValueKeepsTheEnglishArgumentsAndRendersThroughMessageFormat() throws IOException {
        Properties english = load("en");
        List<String> defects = new ArrayList<>();
        for (String locale : bundles().keySet()) {
            Properties bundle = load(locale);
            for (String key : bundle.stringPropertyNames()) {
                String value = bundle.getProperty(key);
                String englishValue = english.getProperty(key);
                if (englishValue != null && !arguments(value).equals(arguments(englishValue))) {
                    defects.add(locale + " " + key + ": arguments " + arguments(value) + ", English has "
                            + arguments(englishValue));
                }
                if (CONSOLE_KEYS.contains(key)) {
                    if (value.contains("'") || value.contains("{")) {
                        defects.add(locale + " " + key + ": console labels are shown verbatim, write no ' or {");
                    }
                    continue;
                }
                String rendered;
                try {
                    rendered = new MessageFormat(value, Locale.forLanguageTag(locale.replace('_', '-')))
                            .format(markers());
                } catch (IllegalArgumentException e) {
                    defects.add(locale + " " + key + ": MessageFormat cannot parse it: " + e.getMessage());
                    continue;
                }
                // What the value means: '' is one apostrophe, {n} is argument n. A lone ' would quote text away.
                String meant = ARGUMENT.matcher(value.replace("''", "'"))
                        .replaceAll(m -> Matcher.quoteReplacement(marker(Integer.parseInt(m.group(1)))));
                if (!rendered.equals(meant)) {
                    defects.add(locale + " " + key + ": MessageFormat renders \"" + rendered
                            + "\" (write a literal apostrophe as '')");
                }
            }
        }
        assertTrue(defects.isEmpty(), String.join("\n", defects));
    }

    @Test
    void noValueIsLeftInEnglish() throws IOException {
        Properties english = load("en");
        List<String> defects = new ArrayList<>();
        for (String locale : bundles().keySet()) {
            if (locale.equals("en")) {
                continue;
            }
            Properties bundle = load(locale);
            for (String key : bundle.stringPropertyNames()) {
                String value = bundle.getProperty(key);
                if (value.equals(english.getProperty(key)) && !SAME_AS_ENGLISH_ALLOWED.contains(value)) {
                    defects.add(locale + " " + key + ": \"" + value + "\" is the English text");
                }
                if (value.isBlank()) {
                    defects.add(locale + " " + key + ": empty");
                }
            }
        }
        assertTrue(defects.isEmpty(), String.join("\n", defects));
    }

    /** Keycloak reads theme messages as UTF-8; a file in another encoding shows mojibake. */
    @Test
    void everyBundleIsUtf8() throws IOException {
        List<String> defects = new ArrayList<>();
        for (Map.Entry<String, Path> bundle : bundles().entrySet()) {
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(Files.readAllBytes(bundle.getValue())));
            } catch (CharacterCodingException e) {
                defects.add(bundle.getKey() + ": not UTF-8");
            }
        }
        assertTrue(defects.isEmpty(), String.join("\n", defects));
    }

    private static Map<String, Path> bundles() throws IOException {
        Pattern name = Pattern.compile("messages_(.+)\\.properties");
        try (Stream<Path> files = Files.list(DIR)) {
            Map<String, Path> bundles = new TreeMap<>();
            files.forEach(file -> {
                Matcher m = name.matcher(file.getFileName().toString());
                if (m.matches()) {
                    bundles.put(m.group(1), file);
                }
            });
            return bundles;
        }
    }

    static Properties load(String locale) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(Files.readString(DIR.resolve("messages_" + locale + ".properties"),
                StandardCharsets.UTF_8)));
        return properties;
    }

    private static Set<Integer> arguments(String value) {
        return ARGUMENT.matcher(value).results().map(m -> Integer.parseInt(m.group(1)))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Object[] markers() {
        Object[] markers = new Object[10];
        for (int i = 0; i < markers.length; i++) {
            markers[i] = marker(i);
        }
        return markers;
    }

    private static String marker(int index) {
        return "\u27e6" + index + "\u27e7";
    }
}
