package io.github.kcrecovery.contacts;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Locale;
import java.util.Map;

/**
 * One person or desk to ask for help: realm-wide, or for one organization (its alias) or one group (its path, e.g.
 * a school class). {@code translations} maps a language tag to translated text fields ({@link #TRANSLATABLE}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Contact(String id, String name, String role, String email, String phone, String hours, String note,
                      Integer order, String organization, String group, Map<String, Map<String, String>> translations) {

    public static final String NAME = "name";
    public static final String ROLE = "role";
    public static final String EMAIL = "email";
    public static final String PHONE = "phone";
    public static final String HOURS = "hours";
    public static final String NOTE = "note";
    public static final String ORDER = "order";
    public static final String ORGANIZATION = "organization";
    public static final String GROUP = "group";
    public static final String TRANSLATIONS = "translations";

    /** The text fields an admin may translate; email and phone are the same in every language. */
    public static final java.util.List<String> TRANSLATABLE = java.util.List.of(NAME, ROLE, HOURS, NOTE);

    /** The fields a visitor sees, in display order, without the empty ones. */
    public Map<String, String> visibleFields() {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        String[][] pairs = {{NAME, name}, {ROLE, role}, {EMAIL, email}, {PHONE, phone}, {HOURS, hours}, {NOTE, note}};
        for (String[] pair : pairs) {
            if (pair[1] != null && !pair[1].isBlank()) {
                fields.put(pair[0], pair[1]);
            }
        }
        return fields;
    }

    public int sortOrder() {
        return order == null ? 0 : order;
    }

    public Contact withId(String newId) {
        return new Contact(newId, name, role, email, phone, hours, note, order, organization, group, translations);
    }

    /** The text fields in {@code locale}'s language where the admin translated them, else as entered. */
    public Contact localized(Locale locale) {
        Map<String, String> t = translations == null ? null : translations.get(locale.toLanguageTag());
        if (t == null && translations != null) {
            t = translations.get(locale.getLanguage());
        }
        if (t == null) {
            return this;
        }
        return new Contact(id, t.getOrDefault(NAME, name), t.getOrDefault(ROLE, role), email, phone,
                t.getOrDefault(HOURS, hours), t.getOrDefault(NOTE, note), order, organization, group, null);
    }
}
