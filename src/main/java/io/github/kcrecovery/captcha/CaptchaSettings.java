package io.github.kcrecovery.captcha;

import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The realm admin's captcha settings, from the config of a {@code recovery-captcha} execution. A missing or
 * unreadable value falls back to its default: the self-hosted proof-of-work challenge.
 */
record CaptchaSettings(Map<String, String> values) {

    static final String MODE = "mode";
    static final String DIGITS = "digits";
    static final String ANSWER_LIFE = "answerLifeSeconds";
    static final String DIFFICULTY = "difficulty";
    static final String SITE_KEY = "siteKey";
    static final String SECRET = "secret";
    static final String VERIFY_URL = "verifyUrl";

    /** Where the answer comes from; the site-verify ones share one verify API (secret + response + remoteip). */
    enum Mode {
        ALTCHA(null, null, null, null),
        IMAGE(null, null, null, null),
        TURNSTILE("https://challenges.cloudflare.com/turnstile/v0/api.js", "cf-turnstile",
                "cf-turnstile-response", "https://challenges.cloudflare.com/turnstile/v0/siteverify"),
        HCAPTCHA("https://js.hcaptcha.com/1/api.js", "h-captcha",
                "h-captcha-response", "https://api.hcaptcha.com/siteverify"),
        RECAPTCHA("https://www.google.com/recaptcha/api.js", "g-recaptcha",
                "g-recaptcha-response", "https://www.google.com/recaptcha/api/siteverify");

        final String scriptUrl;
        final String widgetClass;
        final String responseField;
        final String defaultVerifyUrl;

        Mode(String scriptUrl, String widgetClass, String responseField, String defaultVerifyUrl) {
            this.scriptUrl = scriptUrl;
            this.widgetClass = widgetClass;
            this.responseField = responseField;
            this.defaultVerifyUrl = defaultVerifyUrl;
        }

        String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static CaptchaSettings of(Map<String, String> config) {
        return new CaptchaSettings(config == null ? Map.of() : config);
    }

    Mode mode() {
        String mode = values.getOrDefault(MODE, "");
        for (Mode m : Mode.values()) {
            if (m.value().equalsIgnoreCase(mode.trim())) {
                return m;
            }
        }
        return Mode.ALTCHA;
    }

    int digits() {
        return Math.max(6, Math.min(8, number(DIGITS, 6)));
    }

    Duration answerLife() {
        return Duration.ofSeconds(Math.max(10, Math.min(3600, number(ANSWER_LIFE, 600))));
    }

    /** The proof-of-work's search space: a browser tries half of it on average. */
    long difficulty() {
        return Math.max(1_000, Math.min(10_000_000, number(DIFFICULTY, 200_000)));
    }

    String siteKey() {
        return values.getOrDefault(SITE_KEY, "");
    }

    String secret() {
        return values.getOrDefault(SECRET, "");
    }

    String verifyUrl() {
        String url = values.get(VERIFY_URL);
        return url == null || url.isBlank() ? mode().defaultVerifyUrl : url.trim();
    }

    private int number(String key, int fallback) {
        try {
            return Integer.parseInt(values.getOrDefault(key, "").trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static List<ProviderConfigProperty> properties() {
        return ProviderConfigurationBuilder.create()
                .property().name(MODE).label("Captcha").type(ProviderConfigProperty.LIST_TYPE)
                .options(Mode.ALTCHA.value(), Mode.IMAGE.value(), Mode.TURNSTILE.value(), Mode.HCAPTCHA.value(),
                        Mode.RECAPTCHA.value())
                .defaultValue(Mode.ALTCHA.value())
                .helpText("altcha: self-hosted proof-of-work (ALTCHA) that the browser solves on its own when the form "
                        + "is sent; nothing to read or type, no third party. image: self-hosted picture of digits to "
                        + "type (shuts out blind users). turnstile / hcaptcha / recaptcha: the provider's widget, "
                        + "checked on the server through its site-verify API (allow its frame in the realm's "
                        + "Content-Security-Policy frame-src).").add()
                .property().name(DIFFICULTY).label("Proof-of-work difficulty").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue("200000").helpText("altcha mode: the largest secret number (1000 to 10000000); "
                        + "a browser computes half as many SHA-256 hashes on average").add()
                .property().name(DIGITS).label("Digits in the picture").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue("6").helpText("image mode: 6 to 8").add()
                .property().name(ANSWER_LIFE).label("Challenge valid for (seconds)").type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue("600").helpText("altcha and image modes: 10 to 3600; after this the answer is refused "
                        + "and a new challenge shown").add()
                .property().name(SITE_KEY).label("Site key").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("site-verify modes: the public key of the widget").add()
                .property().name(SECRET).label("Secret").type(ProviderConfigProperty.PASSWORD).secret(true)
                .helpText("site-verify modes: the secret sent to the verify API").add()
                .property().name(VERIFY_URL).label("Verify URL").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("site-verify modes: leave empty for the provider's own siteverify URL").add()
                .build();
    }
}
