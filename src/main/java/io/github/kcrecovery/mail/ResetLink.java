package io.github.kcrecovery.mail;

import io.github.kcrecovery.settings.RecoverySettings;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.actiontoken.resetcred.ResetCredentialsActionToken;
import org.keycloak.common.util.Time;
import org.keycloak.locale.LocaleSelectorProvider;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionCompoundId;
import org.keycloak.sessions.AuthenticationSessionModel;

import jakarta.ws.rs.core.UriBuilder;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Keycloak's own password-reset link for an account: its {@link ResetCredentialsActionToken}, bound to this
 * authentication session, with the life of our recovery setting (an hour by default; Keycloak's realm-wide 5 minutes
 * for user-started links was too short to fetch the mail). Keycloak's handler checks it and
 * replays the realm's reset-credentials flow for the account; the steps recognise the replay by the
 * {@code ACTION_TOKEN_USER} note. The link names the language of the mail that carries it ({@code kc_locale}), so its
 * pages speak that language also in another browser, where Keycloak starts a fresh authentication session from it.
 */
public record ResetLink(String url, long minutes) {

    public static ResetLink create(AuthenticationFlowContext context, UserModel user, Locale language) {
        RealmModel realm = context.getRealm();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        int validity = (int) RecoverySettings.of(realm).emailLinkLifespan().toSeconds();
        ResetCredentialsActionToken token = new ResetCredentialsActionToken(user.getId(), user.getEmail(),
                Time.currentTime() + validity, AuthenticationSessionCompoundId.fromAuthSession(authSession).getEncodedId(),
                authSession.getClient().getClientId());
        String url = UriBuilder.fromUri(context.getActionTokenUrl(token.serialize(context.getSession(), realm, context.getUriInfo())))
                .queryParam(LocaleSelectorProvider.KC_LOCALE_PARAM, language.toLanguageTag()).build().toString();
        return new ResetLink(url, TimeUnit.SECONDS.toMinutes(validity));
    }
}
