package io.github.kcrecovery.contacts;

import io.github.kcrecovery.settings.RecoveryPageFactory;
import io.github.kcrecovery.phone.PhoneNumbers;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.utils.EmailValidationUtil;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The "recovery-contacts" page of the admin console (Configure menu): a list of contacts with create, edit and
 * delete. Its {@link #validateConfiguration} is the one validation of a contact, for every way one is written.
 */
public class ContactsPageFactory implements RecoveryPageFactory {

    static final Map<String, Integer> MAX_LENGTH = Map.of(Contact.NAME, 100, Contact.ROLE, 100, Contact.EMAIL, 254,
            Contact.PHONE, 40, Contact.HOURS, 200, Contact.NOTE, 1000, Contact.ORGANIZATION, 255, Contact.GROUP, 255);
    private static final int MAX_ORDER = 100_000;
    private static final int MAX_TRANSLATIONS = 50;
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}");
    /** Control characters would break the page layout or logs; the note alone may have line breaks. */
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\n\\r\\t]]");
    /**
     * A read-only line above Save: the console keeps the form on the contact it just created, and a second Save
     * changes that contact. Never stored.
     */
    static final String AFTER_SAVE = "after-save";

    @Override
    public String getId() {
        return ContactStore.PAGE_ID;
    }

    @Override
    public String getHelpText() {
        // the console shows this text for every realm, so it names the page, not a realm's address
        return "People to contact when self-service recovery is not possible. Every recovery page links to this "
                + "realm's public contacts page, which lists them. To add one, use Create item; to change one, click its name. "
                + "After Save the form stays on the saved contact: for another one, come back here.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(Contact.NAME).label("Name").type(ProviderConfigProperty.STRING_TYPE).required(true)
                .helpText("Person or desk, e.g. Irina Petrova or IT helpdesk.").add()
                .property().name(Contact.ROLE).label("Role").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("E.g. School administrator, Class teacher.").add()
                .property().name(Contact.EMAIL).label("Email").type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(Contact.PHONE).label("Phone").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Stored in international form, e.g. +74951234567.").add()
                .property().name(Contact.HOURS).label("Hours").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("When to call or come, e.g. Mon-Fri 9:00-17:00, room 12.").add()
                .property().name(Contact.NOTE).label("Note").type(ProviderConfigProperty.TEXT_TYPE).add()
                .property().name(Contact.ORDER).label("Order").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(0)
                .helpText("Lower numbers are listed first.").add()
                .property().name(Contact.ORGANIZATION).label("Organization alias").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Empty: for everyone. An organization's alias: shown only to visitors who pick that organization "
                        + "(when the recovery settings allow listing organizations).").add()
                .property().name(Contact.GROUP).label("Group").type(ProviderConfigProperty.GROUP_TYPE)
                .helpText("Empty: for everyone. A group (e.g. a school class): shown only to visitors who pick it "
                        + "(when the recovery settings allow listing groups).").add()
                .property().name(Contact.TRANSLATIONS).label("Translations").type(ProviderConfigProperty.MAP_TYPE)
                .helpText("Key <language>.<field>, e.g. ru.role or ru.hours; fields: name, role, hours, note.").add()
                .property(afterSave())
                .build();
    }

    private static ProviderConfigProperty afterSave() {
        ProviderConfigProperty line = new ProviderConfigProperty(AFTER_SAVE, "After Save",
                "The console keeps this form on the saved contact, so Save again changes it. For another contact, "
                        + "go back to the list (Cancel) and use Create item.", ProviderConfigProperty.STRING_TYPE,
                "Save again changes this contact. To add another contact: Cancel, then Create item.");
        line.setReadOnly(true);
        return line;
    }

    @Override
    public Map<String, Object> getTypeMetadata() {
        return Map.of("displayFields", List.of(Contact.NAME, Contact.ROLE, Contact.EMAIL, Contact.PHONE));
    }

    /** Checks lengths, formats and translation keys, and stores the phone number in E.164. */
    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        MultivaluedHashMap<String, String> config = model.getConfig();
        config.remove(AFTER_SAVE);
        for (String field : ContactStore.singleFields()) {
            List<String> values = config.get(field);
            if (values != null && values.size() > 1) {
                throw new ComponentValidationException(field + " takes one value");
            }
        }
        Contact contact;
        try {
            contact = ContactStore.fromModel(model);
        } catch (IllegalArgumentException e) {
            throw new ComponentValidationException(e.getMessage());
        }
        if (contact.name() == null || contact.name().isBlank()) {
            throw new ComponentValidationException("name is required");
        }
        MAX_LENGTH.forEach((field, max) -> checkText(field, config.getFirst(field), max));
        if (contact.email() != null && !EmailValidationUtil.isValidEmail(contact.email())) {
            throw new ComponentValidationException("email is not a valid address");
        }
        if (contact.phone() != null) {
            String e164 = new PhoneNumbers(PhoneNumbers.DEFAULT_REGION).toE164(contact.phone())
                    .orElseThrow(() -> new ComponentValidationException("phone is not a valid phone number"));
            config.putSingle(Contact.PHONE, e164);
        }
        if (contact.order() != null && Math.abs(contact.order()) > MAX_ORDER) {
            throw new ComponentValidationException("order must be between -" + MAX_ORDER + " and " + MAX_ORDER);
        }
        if (contact.group() != null && !contact.group().startsWith("/")) {
            throw new ComponentValidationException("group must be a group path such as /classes/5A");
        }
        validateTranslations(contact.translations());
    }

    private static void validateTranslations(Map<String, Map<String, String>> translations) {
        if (translations == null) {
            return;
        }
        int count = 0;
        for (Map.Entry<String, Map<String, String>> language : translations.entrySet()) {
            if (!LANGUAGE.matcher(language.getKey()).matches()) {
                throw new ComponentValidationException("translation language must be a tag such as ru or pt-BR");
            }
            for (Map.Entry<String, String> field : language.getValue().entrySet()) {
                if (!Contact.TRANSLATABLE.contains(field.getKey())) {
                    throw new ComponentValidationException("translatable fields are " + String.join(", ", Contact.TRANSLATABLE));
                }
                checkText(field.getKey(), field.getValue(), MAX_LENGTH.get(field.getKey()));
                count++;
            }
        }
        if (count > MAX_TRANSLATIONS) {
            throw new ComponentValidationException("at most " + MAX_TRANSLATIONS + " translations");
        }
    }

    private static void checkText(String field, String value, int max) {
        if (value == null) {
            return;
        }
        if (value.length() > max) {
            throw new ComponentValidationException(field + " is longer than " + max + " characters");
        }
        String checked = Contact.NOTE.equals(field) ? value : value.replaceAll("[\\n\\r\\t]", "\u0000");
        if (CONTROL.matcher(checked).find()) {
            throw new ComponentValidationException(field + " contains control characters");
        }
    }
}
