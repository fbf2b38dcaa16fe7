package io.github.kcrecovery.admin;

import io.github.kcrecovery.links.PublicLinks;
import io.github.kcrecovery.throttle.Throttle;
import jakarta.ws.rs.core.Response;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.messages.Messages;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Short links for SMS: an action-token URL is several hundred characters (many paid SMS parts), so the SMS carries
 * {@code /realms/{realm}/recovery/l/<22 random letters and digits, 131 bits>} instead, which redirects to it. The mapping
 * lives in the cluster-wide single-use store, under a digest of the key, for the token's life. Following the short
 * link does not use the token up; the token's own single-use rule applies when the password is set.
 */
public final class ShortLinks {

    private static final String PREFIX = "kcrecovery:link:";
    private static final String TARGET = "target";
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9]{22}");

    private final KeycloakSession session;
    private final RealmModel realm;

    public ShortLinks(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** Stores {@code target} and returns the short link to it. */
    public URI create(URI target, Duration life) {
        String key = SecretGenerator.getInstance().randomString(22, SecretGenerator.ALPHANUM);
        session.singleUseObjects().put(storeKey(key), Math.max(1, life.toSeconds()), Map.of(TARGET, target.toString()));
        return PublicLinks.shortLink(session, realm, key);
    }

    /** A 303 to the stored target, or Keycloak's "expired link" page for an unknown or expired key. */
    public Response follow(String key) {
        Map<String, String> stored = key != null && KEY.matcher(key).matches() ? session.singleUseObjects().get(storeKey(key)) : null;
        if (stored == null || stored.get(TARGET) == null) {
            return session.getProvider(LoginFormsProvider.class).setError(Messages.EXPIRED_ACTION_TOKEN_NO_SESSION)
                    .createErrorPage(Response.Status.BAD_REQUEST);
        }
        return Response.seeOther(URI.create(stored.get(TARGET))).header("Referrer-Policy", "no-referrer").build();
    }

    private String storeKey(String key) {
        return PREFIX + Throttle.digest(realm.getId(), key);
    }
}
