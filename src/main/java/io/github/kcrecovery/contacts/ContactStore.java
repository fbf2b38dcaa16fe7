package io.github.kcrecovery.contacts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.kcrecovery.settings.PageComponents;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.RealmModel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Contacts of a realm, one {@link PageComponents} row each (page {@value #PAGE_ID}). Every write goes through
 * {@link ContactsPageFactory#validateConfiguration}, whichever way it comes (REST, console, realm import).
 * Translations are kept the way the console's key/value editor keeps a map: one JSON list of
 * {@code {"key":"ru.role","value":"..."}} under {@value Contact#TRANSLATIONS}.
 */
public final class ContactStore {

    public static final String PAGE_ID = "recovery-contacts";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SINGLE_FIELDS = List.of(Contact.NAME, Contact.ROLE, Contact.EMAIL, Contact.PHONE,
            Contact.HOURS, Contact.NOTE, Contact.ORDER, Contact.ORGANIZATION, Contact.GROUP);

    private final RealmModel realm;

    public ContactStore(RealmModel realm) {
        this.realm = realm;
    }

    /** In the admin's order, then by name. */
    public List<Contact> list() {
        return PageComponents.list(realm, PAGE_ID).map(ContactStore::fromModel)
                .sorted(Comparator.comparingInt(Contact::sortOrder).thenComparing(c -> c.name() == null ? "" : c.name()))
                .toList();
    }

    public Optional<Contact> get(String id) {
        return PageComponents.get(realm, PAGE_ID, id).map(ContactStore::fromModel);
    }

    /** @throws org.keycloak.component.ComponentValidationException on invalid input */
    public Contact create(Contact contact) {
        ComponentModel model = PageComponents.newModel(realm, PAGE_ID);
        model.setConfig(toConfig(contact));
        return fromModel(realm.addComponentModel(model));
    }

    /** @throws org.keycloak.component.ComponentValidationException on invalid input */
    public Optional<Contact> update(String id, Contact contact) {
        return PageComponents.get(realm, PAGE_ID, id).map(model -> {
            model.setConfig(toConfig(contact));
            realm.updateComponent(model);
            return fromModel(model);
        });
    }

    public boolean delete(String id) {
        Optional<ComponentModel> model = PageComponents.get(realm, PAGE_ID, id);
        model.ifPresent(realm::removeComponent);
        return model.isPresent();
    }

    static Contact fromModel(ComponentModel model) {
        MultivaluedHashMap<String, String> c = model.getConfig();
        String order = c.getFirst(Contact.ORDER);
        return new Contact(model.getId(), c.getFirst(Contact.NAME), c.getFirst(Contact.ROLE), c.getFirst(Contact.EMAIL),
                c.getFirst(Contact.PHONE), c.getFirst(Contact.HOURS), c.getFirst(Contact.NOTE),
                order == null ? null : parseOrder(order), c.getFirst(Contact.ORGANIZATION), c.getFirst(Contact.GROUP),
                parseTranslations(c.getFirst(Contact.TRANSLATIONS)));
    }

    static MultivaluedHashMap<String, String> toConfig(Contact contact) {
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        contact.visibleFields().forEach((key, value) -> put(config, key, value));
        put(config, Contact.ORDER, contact.order() == null ? null : contact.order().toString());
        put(config, Contact.ORGANIZATION, contact.organization());
        put(config, Contact.GROUP, contact.group());
        put(config, Contact.TRANSLATIONS, formatTranslations(contact.translations()));
        return config;
    }

    static List<String> singleFields() {
        return SINGLE_FIELDS;
    }

    private static void put(MultivaluedHashMap<String, String> config, String key, String value) {
        if (value != null && !value.isBlank()) {
            config.putSingle(key, value.strip());
        }
    }

    private static int parseOrder(String order) {
        try {
            return Integer.parseInt(order.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("order must be a whole number");
        }
    }

    /** {@code [{"key":"ru.role","value":"..."}]} to {@code {ru: {role: ...}}}; null when there are none. */
    static Map<String, Map<String, String>> parseTranslations(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        List<Map<String, String>> entries;
        try {
            entries = JSON.readValue(json, new TypeReference<>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("translations must be a list of {\"key\":\"<language>.<field>\",\"value\":...}");
        }
        Map<String, Map<String, String>> result = new LinkedHashMap<>();
        for (Map<String, String> entry : entries) {
            String key = entry == null ? null : entry.get("key");
            int dot = key == null ? -1 : key.lastIndexOf('.');
            if (dot <= 0) {
                throw new IllegalArgumentException("translation key must be <language>.<field>, e.g. ru.role");
            }
            result.computeIfAbsent(key.substring(0, dot), k -> new LinkedHashMap<>())
                    .put(key.substring(dot + 1), entry.get("value"));
        }
        return result.isEmpty() ? null : result;
    }

    static String formatTranslations(Map<String, Map<String, String>> translations) {
        if (translations == null || translations.isEmpty()) {
            return null;
        }
        List<Map<String, String>> entries = new ArrayList<>();
        translations.forEach((language, fields) -> {
            if (fields != null) {
                fields.forEach((field, value) -> {
                    Map<String, String> entry = new LinkedHashMap<>();
                    entry.put("key", language + "." + field);
                    entry.put("value", value);
                    entries.add(entry);
                });
            }
        });
        try {
            return entries.isEmpty() ? null : JSON.writeValueAsString(entries);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
