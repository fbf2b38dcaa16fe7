package io.github.kcrecovery.contacts;

import io.github.kcrecovery.links.PublicLinks;
import io.github.kcrecovery.settings.RecoverySettings;
import io.github.kcrecovery.phone.PhoneNumbers;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.locale.LocaleSelectorProvider;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.services.util.LocaleUtil;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.services.Urls;
import org.keycloak.models.OrganizationModel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The public "contact your administrator" page. It takes no account input and reads no session: what it shows
 * depends only on the realm's contacts, the visitor's language and what the visitor picks (an organization or a
 * group that has contacts, when the realm's recovery settings allow listing them).
 */
public final class ContactsPage {

    static final String TEMPLATE = "recovery-contacts.ftl";
    private static final String PHONE_TEXT = "phoneText";

    private final KeycloakSession session;
    private final RealmModel realm;

    public ContactsPage(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    public Response render(String chosenOrganization, String chosenGroup) {
        selectLocale();
        Locale locale = session.getContext().resolveLocale(null);
        RecoverySettings settings = RecoverySettings.of(realm);
        List<Contact> all = new ContactStore(realm).list();

        List<Map<String, String>> organizations = settings.publicOrganizations() ? organizations(all, chosenOrganization) : List.of();
        List<Map<String, String>> groups = settings.publicGroups() ? groups(all, chosenGroup) : List.of();
        // only what is listed can be chosen: an unknown or hidden alias or path shows nothing more
        String organization = selected(organizations, "alias");
        String group = selected(groups, "path");

        List<Map<String, String>> general = views(all, c -> c.organization() == null && c.group() == null, locale);
        List<Map<String, String>> ofOrganization = organization == null ? List.of()
                : views(all, c -> organization.equals(c.organization()), locale);
        List<Map<String, String>> ofGroup = group == null ? List.of() : views(all, c -> group.equals(c.group()), locale);

        return session.getProvider(LoginFormsProvider.class)
                .setAttribute("contacts", general)
                .setAttribute("organizations", organizations)
                .setAttribute("organizationContacts", ofOrganization)
                .setAttribute("groups", groups)
                .setAttribute("groupContacts", ofGroup)
                .setAttribute("contactsUrl", PublicLinks.contacts(session, realm).toString())
                .setAttribute("loginUrl", Urls.accountBase(session.getContext().getUri().getBaseUri()).build(realm.getName()).toString())
                .createForm(TEMPLATE);
    }

    /**
     * As login pages do: {@code kc_locale} (also remembered in the locale cookie), else the OIDC {@code ui_locales}
     * a client may pass along, else the cookie and the browser's languages (in {@code resolveLocale}).
     */
    private void selectLocale() {
        MultivaluedMap<String, String> query = session.getContext().getUri().getQueryParameters();
        String requested = query.getFirst(LocaleSelectorProvider.KC_LOCALE_PARAM);
        // Keycloak copies kc_locale into a cookie as it is: a value that is no locale of the realm (a line break,
        // say) would make the response header invalid and the page a 500
        if (requested == null || realm.getSupportedLocalesStream().anyMatch(requested::equals)) {
            LocaleUtil.processLocaleParam(session, realm, null);
        }
        String uiLocales = query.getFirst(OIDCLoginProtocol.UI_LOCALES_PARAM);
        if (session.getAttribute(LocaleSelectorProvider.USER_REQUEST_LOCALE) == null && uiLocales != null && !uiLocales.isBlank()) {
            session.setAttribute(LocaleSelectorProvider.USER_REQUEST_LOCALE, uiLocales.strip().split("\\s+")[0]);
        }
    }

    /** Organizations that have contacts, exist and are enabled; none when the realm does not use organizations. */
    private List<Map<String, String>> organizations(List<Contact> all, String chosen) {
        OrganizationProvider provider = session.getProvider(OrganizationProvider.class);
        if (provider == null || !realm.isOrganizationsEnabled()) {
            return List.of();
        }
        return choices(all, Contact::organization, alias -> Optional.ofNullable(provider.getByAlias(alias))
                .filter(OrganizationModel::isEnabled).map(OrganizationModel::getName), "alias", chosen);
    }

    private List<Map<String, String>> groups(List<Contact> all, String chosen) {
        return choices(all, Contact::group, path -> Optional.ofNullable(KeycloakModelUtils.findGroupByPath(session, realm, path))
                .map(GroupModel::getName), "path", chosen);
    }

    private static List<Map<String, String>> choices(List<Contact> all, Function<Contact, String> key,
                                                     Function<String, Optional<String>> name, String keyName, String chosen) {
        List<Map<String, String>> result = new ArrayList<>();
        all.stream().map(key).filter(Objects::nonNull).distinct().forEach(k -> name.apply(k).ifPresent(n -> {
            Map<String, String> choice = new LinkedHashMap<>();
            choice.put(keyName, k);
            choice.put("name", n);
            choice.put("selected", String.valueOf(k.equals(chosen)));
            result.add(choice);
        }));
        result.sort((a, b) -> a.get("name").compareToIgnoreCase(b.get("name")));
        return result;
    }

    private static String selected(List<Map<String, String>> choices, String keyName) {
        return choices.stream().filter(c -> "true".equals(c.get("selected"))).map(c -> c.get(keyName)).findFirst().orElse(null);
    }

    /**
     * FreeMarker gets plain maps; it escapes every value when it prints it. The phone comes twice: E.164 for the
     * {@code tel:} link, {@code phoneText} written for reading ({@code +7 495 123-45-67}).
     */
    private static List<Map<String, String>> views(List<Contact> all, java.util.function.Predicate<Contact> filter, Locale locale) {
        return all.stream().filter(filter).map(c -> {
            Map<String, String> view = c.localized(locale).visibleFields();
            if (view.containsKey(Contact.PHONE)) {
                view.put(PHONE_TEXT, PhoneNumbers.formatForReading(view.get(Contact.PHONE)));
            }
            return view;
        }).toList();
    }
}
