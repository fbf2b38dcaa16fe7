package io.github.kcrecovery.sms;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.theme.Theme;

import java.io.IOException;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;

/** The text of a recovery SMS: a message of the login theme (so admins translate and override it there), filled in. */
public final class SmsTexts {

    private SmsTexts() {
    }

    /**
     * @param fallback the pattern used when the theme has no such message or cannot be read
     * @param args     the MessageFormat arguments {0}, {1}, ...
     */
    public static String render(KeycloakSession session, RealmModel realm, Locale locale, String key, String fallback, Object... args) {
        String pattern;
        try {
            Properties messages = session.theme().getTheme(Theme.Type.LOGIN).getEnhancedMessages(realm, locale);
            pattern = messages.getProperty(key, fallback);
        } catch (IOException e) {
            pattern = fallback;
        }
        return new MessageFormat(pattern, locale).format(args);
    }

    /** The realm's name as people know it. */
    public static String realmName(RealmModel realm) {
        return realm.getDisplayName() == null || realm.getDisplayName().isBlank() ? realm.getName() : realm.getDisplayName();
    }
}
