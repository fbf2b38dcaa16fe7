package io.github.kcrecovery.i18n;

import io.github.kcrecovery.admin.ShortLinks;
import io.github.kcrecovery.links.PublicLinks;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every SMS text of every language bundle, filled with the longest realistic values, fits one SMS segment: 160
 * GSM-7 characters (an extension character counts 2), or 70 UCS-2 characters as soon as one character is outside
 * GSM-7. A second segment costs a second SMS, and the realm pays per segment.
 *
 * <p>The longest realistic values, filled in the way the server fills them (MessageFormat in the bundle's locale):
 * <ul>
 * <li>realm display name: 30 characters, e.g. a school's full name ({@link #REALM});</li>
 * <li>code: 10 digits, the maximum code length; code life: 600 s (three digits; longer lives are unrealistic);</li>
 * <li>username: 30 characters, a long "first.last" login ({@link #USERNAME}); realms that use long e-mail addresses
 *     as usernames get a second segment in the login reminder and the password notice;</li>
 * <li>admin link: the {@link ShortLinks} form on a 15-character host and an 8-character realm name ({@link #LINK});
 *     the admin link lives at most 10 minutes.</li>
 * </ul>
 * The realm name and username are plain ASCII: a display name with letters outside GSM-7 (e.g. Polish "ł") turns
 * any SMS into UCS-2, which the admin controls and the bundles cannot.
 */
class SmsTextLengthTest {

    static final Path BUNDLES = Path.of("themes/theme-resources/messages");

    static final String REALM = "Westfield Community College 42";
    static final String USERNAME = "aleksandra.konstantinopolskaya";
    static final String CODE = "1234567890";
    static final long CODE_LIFE_SECONDS = 600;
    static final long LINK_MINUTES = 10;
    /** 22 random letters and digits: the key length of {@link ShortLinks}. */
    static final String LINK = "https://id.school42.org/realms/school42/" + PublicLinks.ROOT + "/"
            + PublicLinks.SHORT_LINK + "/Ab3dEf6hIj9kLm2oPq5sTu";

    /** Each SMS key with its arguments, in the order the sending code passes them. */
    static final Map<String, Object[]> SMS_KEYS = Map.of(
            "recoveryPhoneSmsText", new Object[]{CODE, CODE_LIFE_SECONDS, REALM},          // SmsCodeSender
            "recoveryPhoneVerifySmsText", new Object[]{CODE, CODE_LIFE_SECONDS, REALM},    // SmsCodeSender
            "recoveryPhonePasswordChangedSms", new Object[]{REALM, USERNAME},             // PhoneRecoveryEventListener
            "recoveryPhoneChangedSms", new Object[]{REALM, USERNAME},                     // ChangeNotices
            "recoveryUsernameSmsText", new Object[]{REALM, USERNAME},                   // UsernameReminders
            "recoveryAdminSmsText", new Object[]{REALM, LINK, LINK_MINUTES});             // AdminSmsRecovery

    /** Scripts outside GSM-7: these SMS are UCS-2 (70 characters), whatever the wording. */
    static final List<String> UCS2_SCRIPT_LOCALES = List.of("ar", "el", "fa", "hy", "ja", "ka", "kk", "ko", "ky", "ru",
            "th", "uk", "zh_Hans", "zh_Hant");

    /**
     * Texts that cannot fit one segment, with the segments they may use and why. Each entry must really need its
     * extra segment (a stale entry fails), and must fit the segments it is given.
     */
    static final List<Allowance> ALLOWANCES = UCS2_SCRIPT_LOCALES.stream().flatMap(locale -> Stream.of(
            new Allowance(locale, "recoveryAdminSmsText", 2,
                    "the link alone is " + LINK.length() + " characters, more than the 70 of a UCS-2 segment"),
            new Allowance(locale, "recoveryPhonePasswordChangedSms", 2,
                    "realm name and username take 60 of 70 UCS-2 characters; the notice must name the account "
                            + "(one phone may serve several accounts, e.g. a parent's children) and say what to do"),
            new Allowance(locale, "recoveryPhoneChangedSms", 2,
                    "realm name and username take 60 of 70 UCS-2 characters; the notice must name the account "
                            + "and say what to do"))).toList();

    record Allowance(String locale, String key, int segments, String why) {
    }

    @Test
    void everySmsTextFitsOneSegmentOrIsAJustifiedException() throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, Integer> headroom = new TreeMap<>();
        Map<String, Properties> bundles = bundles();
        assertTrue(bundles.containsKey("en"), "no English bundle in " + BUNDLES.toAbsolutePath());
        for (Map.Entry<String, Properties> bundle : bundles.entrySet()) {
            String locale = bundle.getKey();
            for (Map.Entry<String, Object[]> key : new TreeMap<>(SMS_KEYS).entrySet()) {
                String pattern = bundle.getValue().getProperty(key.getKey());
                if (pattern == null) {
                    continue; // a missing key is the bundle-consistency test's finding; the server then sends English
                }
                String text = new MessageFormat(pattern, localeOf(locale)).format(key.getValue());
                int segments = segments(text);
                Allowance allowance = allowance(locale, key.getKey());
                String measured = locale + " " + key.getKey() + ": " + describe(text) + " \"" + text + "\"";
                if (allowance == null && segments > 1) {
                    problems.add(measured + " needs " + segments + " segments");
                } else if (allowance != null && segments == 1) {
                    problems.add(measured + " fits one segment: remove its allowance");
                } else if (allowance != null && segments > allowance.segments()) {
                    problems.add(measured + " needs " + segments + " segments, its allowance is " + allowance.segments());
                }
                if (allowance == null) {
                    headroom.merge(key.getKey(), oneSegment(text) - length(text), Math::min);
                }
                System.out.println("[sms] " + measured + (allowance == null ? "" : " (allowed " + allowance.segments()
                        + " segments: " + allowance.why() + ")"));
            }
        }
        // how much longer a realm name, username or link host may be than assumed here before some SMS takes two
        headroom.forEach((key, chars) -> System.out.println("[sms] headroom of " + key + ": " + chars + " characters"));
        assertTrue(problems.isEmpty(), "SMS texts too long:\n" + String.join("\n", problems));
    }

    /** SMS keys are named *SmsText / *smsText, or *Sms for a notice (recoveryPhoneBySms is a page button). */
    @Test
    void everySmsKeyOfTheEnglishBundleIsMeasured() throws IOException {
        Set<String> smsKeys = bundles().get("en").stringPropertyNames().stream()
                .filter(key -> key.toLowerCase(Locale.ROOT).endsWith("smstext") || key.endsWith("Sms") && !key.endsWith("BySms"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(SMS_KEYS.keySet()), smsKeys);
    }

    @Test
    void countsLikeAPhone() {
        assertEquals(1, segments("a".repeat(160)));
        assertEquals(2, segments("a".repeat(161)));
        assertEquals(2, segments("€".repeat(81)), "an extension character counts 2");
        assertEquals(1, segments("Åäöñüàé".repeat(20)), "the GSM-7 letters of Nordic and Western European languages");
        assertEquals(2, segments("ł" + "a".repeat(70)), "one letter outside GSM-7 makes the whole SMS UCS-2");
        assertEquals(1, segments("ł" + "a".repeat(69)));
        assertEquals(2, segments("ł".repeat(134)), "the parts of a long UCS-2 SMS hold 67");
        assertEquals(3, segments("ł".repeat(135)));
        assertEquals(3, segments("a".repeat(307)), "the parts of a long GSM-7 SMS hold 153");
    }

    // GSM 03.38 default alphabet and its extension table (each extension character is sent as escape + character)
    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM_EXTENSION = "^{}\\[~]|€\f";

    /** Number of SMS parts the text is sent in: one up to 160/70, else 153/67 per part of a concatenated SMS. */
    static int segments(String text) {
        int length = length(text);
        int part = gsmLength(text) >= 0 ? 153 : 67; // a concatenated SMS spends 7 septets / 3 characters on its header
        return length <= oneSegment(text) ? 1 : (length + part - 1) / part;
    }

    /** GSM-7 septets, or UCS-2 (UTF-16) units when some character is outside GSM-7. */
    static int length(String text) {
        int gsm = gsmLength(text);
        return gsm >= 0 ? gsm : text.length();
    }

    static int oneSegment(String text) {
        return gsmLength(text) >= 0 ? 160 : 70;
    }

    /** Length in GSM-7 septets, or -1 if some character is outside GSM-7. */
    static int gsmLength(String text) {
        int length = 0;
        for (char c : text.toCharArray()) {
            if (GSM_BASIC.indexOf(c) >= 0) {
                length++;
            } else if (GSM_EXTENSION.indexOf(c) >= 0) {
                length += 2;
            } else {
                return -1;
            }
        }
        return length;
    }

    private static String describe(String text) {
        return gsmLength(text) >= 0 ? length(text) + "/160 GSM-7" : length(text) + "/70 UCS-2 (" + firstNonGsm(text) + ")";
    }

    private static String firstNonGsm(String text) {
        return text.chars().filter(c -> GSM_BASIC.indexOf(c) < 0 && GSM_EXTENSION.indexOf(c) < 0).limit(1)
                .mapToObj(c -> "'" + (char) c + "'").findFirst().orElse("");
    }

    private static Allowance allowance(String locale, String key) {
        return ALLOWANCES.stream().filter(e -> e.locale().equals(locale) && e.key().equals(key)).findFirst().orElse(null);
    }

    /** messages_pt_BR -> pt-BR, messages_zh_Hans -> zh-Hans: the tags Keycloak's own bundle names stand for. */
    static Locale localeOf(String suffix) {
        return Locale.forLanguageTag(suffix.replace('_', '-'));
    }

    static Map<String, Properties> bundles() throws IOException {
        Map<String, Properties> bundles = new TreeMap<>();
        try (Stream<Path> files = Files.list(BUNDLES)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("messages_.+\\.properties")).toList()) {
                Properties properties = new Properties();
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    properties.load(reader);
                }
                String name = file.getFileName().toString();
                bundles.put(name.substring("messages_".length(), name.length() - ".properties".length()), properties);
            }
        }
        return bundles;
    }
}
