package io.github.kcrecovery.settings;

import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ui.extend.UiPageProvider;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The one store of the extension's admin data: components of the realm with Keycloak's admin-console page type
 * ({@code providerType} = {@link UiPageProvider}, {@code providerId} = the page id). The declarative-ui console
 * pages, the admin REST endpoints, the realm import and the login-side pages all read and write these same rows,
 * which the database and Keycloak's realm cache keep consistent across a cluster.
 */
public final class PageComponents {

    public static final String PAGE_TYPE = UiPageProvider.class.getName();

    private PageComponents() {
    }

    public static Stream<ComponentModel> list(RealmModel realm, String pageId) {
        return realm.getComponentsStream(realm.getId(), PAGE_TYPE)
                .filter(c -> pageId.equals(c.getProviderId()))
                .sorted(Comparator.comparing(ComponentModel::getId));
    }

    /** The component of a page that holds one settings record per realm, if the admin saved it once. */
    public static Optional<ComponentModel> single(RealmModel realm, String pageId) {
        return list(realm, pageId).findFirst();
    }

    public static Optional<ComponentModel> get(RealmModel realm, String pageId, String id) {
        ComponentModel model = id == null ? null : realm.getComponent(id);
        return model != null && PAGE_TYPE.equals(model.getProviderType()) && pageId.equals(model.getProviderId())
                && realm.getId().equals(model.getParentId()) ? Optional.of(model) : Optional.empty();
    }

    public static ComponentModel newModel(RealmModel realm, String pageId) {
        ComponentModel model = new ComponentModel();
        model.setName(pageId);
        model.setParentId(realm.getId());
        model.setProviderType(PAGE_TYPE);
        model.setProviderId(pageId);
        return model;
    }

    /**
     * For pages that hold one record per realm (settings): refuses a second one, which the console's list view
     * would otherwise let an admin create.
     */
    public static void requireSingle(RealmModel realm, String pageId, ComponentModel candidate) {
        if (list(realm, pageId).anyMatch(c -> !c.getId().equals(candidate.getId()))) {
            throw new ComponentValidationException("This realm already has its " + pageId.replace('-', ' ')
                    + ": click it in the list to change it");
        }
    }

    /** The settings of a one-record page as a flat map (empty when never saved). */
    public static Map<String, String> singleConfig(RealmModel realm, String pageId) {
        return single(realm, pageId).map(PageComponents::flat).orElseGet(HashMap::new);
    }

    /** A component's config with the first value of each key. */
    public static Map<String, String> flat(ComponentModel model) {
        Map<String, String> values = new HashMap<>();
        model.getConfig().forEach((k, v) -> {
            if (v != null && !v.isEmpty() && v.get(0) != null) {
                values.put(k, v.get(0));
            }
        });
        return values;
    }

    /** Creates or replaces the one record of a page; validation is the page factory's. */
    public static void saveSingle(RealmModel realm, String pageId, Map<String, String> values) {
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        values.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                config.putSingle(k, v);
            }
        });
        Optional<ComponentModel> existing = single(realm, pageId);
        if (existing.isPresent()) {
            existing.get().setConfig(config);
            realm.updateComponent(existing.get());
        } else {
            ComponentModel model = newModel(realm, pageId);
            model.setConfig(config);
            realm.addComponentModel(model);
        }
    }
}
