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
import java.util.OptionalInt;
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
            Set.of("recovery-contacts", "recovery-settings", "recovery-sms-gateway", "recovery-sms");

    /** Values a native speaker writes exactly as in English, whatever the language. */
    private static final Set<String> SAME_AS_ENGLISH_ALLOWED = Set.of("Email");

    private static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)}");

    /**
     * The SMS texts with the longest realistic arguments: a 10-digit code (the most the settings allow), a life of
     * 3 digits of seconds, a realm display name of 15 characters, a 18-character username, and a short link as
     * {@code ShortLinks} makes it (22-character key) on a 22-character host.
     */
    private static final Map<String, Object[]> SMS_TEXTS = Map.of(
            "recoveryPhoneSmsText", new Object[]{"1234567890", 300, "Lyceum No. 1535"},
            "recoveryPhoneVerifySmsText", new Object[]{"1234567890", 300, "Lyceum No. 1535"},
            "recoveryPhonePasswordChangedSms", new Object[]{"Lyceum No. 1535", "maria.ivanova.2011"},
            "recovery.username.smsText", new Object[]{"Lyceum No. 1535", "maria.ivanova.2011"},
            "recoveryAdminSmsText", new Object[]{"Lyceum No. 1535",
                    "https://id.example.org/realms/school/recovery/l/AbCdEfGhIjKlMnOpQrStUv", 15L});

    /** GSM 03.38 default alphabet, and its extension table (each of those takes two septets). */
    private static final String GSM_7 = "@\u00a3$\u00a5\u00e8\u00e9\u00f9\u00ec\u00f2\u00c7\n\u00d8\u00f8\r\u00c5\u00e5"
            + "\u0394_\u03a6\u0393\u039b\u03a9\u03a0\u03a8\u03a3\u0398\u039e\u00c6\u00e6\u00df\u00c9 !\"#\u00a4%&'()*+,-./"
            + "0123456789:;<=>?\u00a1ABCDEFGHIJKLMNOPQRSTUVWXYZ\u00c4\u00d6\u00d1\u00dc\u00a7\u00bf"
            + "abcdefghijklmnopqrstuvwxyz\u00e4\u00f6\u00f1\u00fc\u00e0";
    private static final String GSM_7_EXTENSION = "^{}\\[~]|\u20ac\f";

    @Test
    void everyLoginThemeLocaleHasABundle() throws IOException {
        assertEquals(new TreeSet<>(LOGIN_THEME_LOCALES), new TreeSet<>(bundles().keySet()),
                "messages_<locale>.properties files vs the locales of Keycloak's login theme");
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

    /**
     * Each SMS costs one message where it can: a text in the GSM-7 alphabet fits one SMS (160 characters); a text
     * that needs UCS-2 (a script or letter outside GSM-7, 70 characters per SMS) takes at most two. The output lists
     * every text that takes two, and why.
     */
    @Test
    void smsTextsFitOneSmsOrTwoWhereTheScriptNeedsUcs2() throws IOException {
        List<String> defects = new ArrayList<>();
        List<String> twoParts = new ArrayList<>();
        for (String locale : bundles().keySet()) {
            Properties bundle = load(locale);
            for (Map.Entry<String, Object[]> sms : new TreeMap<>(SMS_TEXTS).entrySet()) {
                String text = new MessageFormat(bundle.getProperty(sms.getKey()), Locale.ROOT).format(sms.getValue());
                OptionalInt outsideGsm = text.codePoints()
                        .filter(c -> GSM_7.indexOf(c) < 0 && GSM_7_EXTENSION.indexOf(c) < 0).findFirst();
                int length = outsideGsm.isPresent() ? text.length()
                        : text.length() + (int) text.chars().filter(c -> GSM_7_EXTENSION.indexOf(c) >= 0).count();
                int single = outsideGsm.isPresent() ? 70 : 160;
                int part = outsideGsm.isPresent() ? 67 : 153;
                int parts = length <= single ? 1 : (length + part - 1) / part;
                String line = locale + " " + sms.getKey() + ": " + length + " characters, " + parts + " SMS"
                        + (outsideGsm.isPresent() ? ", UCS-2 for '" + Character.toString(outsideGsm.getAsInt()) + "'" : ", GSM-7");
                if (parts > (outsideGsm.isPresent() ? 2 : 1)) {
                    defects.add(line + ": too long");
                } else if (parts == 2) {
                    twoParts.add(line);
                }
            }
        }
        System.out.println("SMS texts that take two SMS (UCS-2, 70 characters per SMS):\n  " + String.join("\n  ", twoParts));
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
