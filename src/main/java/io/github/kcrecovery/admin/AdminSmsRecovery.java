package io.github.kcrecovery.admin;

import io.github.kcrecovery.settings.RecoverySettings;
import io.github.kcrecovery.phone.ConfirmedPhone;
import io.github.kcrecovery.event.RecoveryEvents;
import io.github.kcrecovery.phone.PhoneNumbers;
import io.github.kcrecovery.sms.SmsSendException;
import io.github.kcrecovery.sms.SmsLimits;
import io.github.kcrecovery.sms.SmsOutbox;
import io.github.kcrecovery.sms.SmsTexts;
import io.github.kcrecovery.throttle.Throttle;
import jakarta.ws.rs.core.Response;
import org.keycloak.common.util.Time;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.locale.LocaleSelectorProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.resources.LoginActionsService;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An admin sends a user a password link by SMS, to the user's confirmed phone only. The admin never sees or sets
 * the password: the link opens Keycloak's UPDATE_PASSWORD page ({@link AdminSmsTokenHandler}).
 */
public final class AdminSmsRecovery {

    /** One SMS per user per minute, whoever sends it: a slip on the button must not cost a pile of SMS. */
    static final Duration COOLDOWN = Duration.ofMinutes(1);
    static final String STEP = "admin_sms";
    static final String TEXT_KEY = "recoveryAdminSmsText";
    private static final String DEFAULT_TEXT = "{0}: set a new password here (valid {2} min): {1}";

    /** What the admin is told: where it went (masked) and for how long the link works. */
    public record Result(String maskedPhone, long expiresInSeconds) {
    }

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    public AdminSmsRecovery(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    /**
     * @throws jakarta.ws.rs.WebApplicationException 403 without the reset-password permission on the user, 400
     *         without a confirmed phone, 429 within the cooldown or over an SMS limit, 502 when the gateway refuses
     */
    public Result send(UserModel user, AdminEventBuilder adminEvent) {
        auth.users().requireResetPassword(user);
        String phone = ConfirmedPhone.of(user).orElseThrow(() -> ErrorResponse.error(
                "The user has no confirmed phone number (phoneNumber with phoneNumberVerified=true); "
                        + "use \"Send email: Update Password\" or ask the user to confirm a phone", Response.Status.BAD_REQUEST));
        if (!user.isEnabled()) {
            throw ErrorResponse.error("The user is disabled", Response.Status.BAD_REQUEST);
        }
        if (!Throttle.of(session).startCooldown(Throttle.accountKey("admin-sms", realm.getId(), user.getId()), COOLDOWN)) {
            throw ErrorResponse.error("A recovery SMS was sent to this user less than a minute ago", Response.Status.TOO_MANY_REQUESTS);
        }
        Duration life = RecoverySettings.of(realm).adminLinkLifespan();
        AdminSmsToken token = new AdminSmsToken(user.getId(), Time.currentTime() + (int) life.toSeconds(),
                client().getClientId(), phoneDigest(phone));
        Locale language = session.getContext().resolveLocale(user);
        URI tokenUrl = LoginActionsService.actionTokenProcessor(session.getContext().getUri())
                .queryParam("key", token.serialize(session, realm, session.getContext().getUri()))
                // the pages the link opens speak the language of the SMS (Keycloak reads kc_locale for a new session)
                .queryParam(LocaleSelectorProvider.KC_LOCALE_PARAM, language.toLanguageTag())
                .build(realm.getName());
        URI link = new ShortLinks(session, realm).create(tokenUrl, life);

        String masked = PhoneNumbers.mask(phone);
        EventBuilder event = RecoveryEvents.step(new EventBuilder(realm, session), EventType.SEND_RESET_PASSWORD, STEP).user(user);
        // an admin is trusted with the realm: no per-client limit, but the number's, the account's and the realm budget
        SmsOutbox.Message message = new SmsOutbox.Message(SmsOutbox.Kind.ADMIN_LINK, phone, user.getId(), null,
                language, TEXT_KEY, DEFAULT_TEXT, SmsTexts.realmName(realm), link.toString(),
                Math.max(1, life.toMinutes()));
        Optional<String> refused;
        try {
            refused = SmsOutbox.sendNow(session, realm, message, SmsLimits.ofRealm(realm), event);
        } catch (SmsSendException e) {
            throw ErrorResponse.error("SMS gateway failed: " + e.getMessage(), Response.Status.BAD_GATEWAY);
        }
        if (refused.isPresent()) {
            throw ErrorResponse.error("SMS limit reached (" + refused.get() + ")", Response.Status.TOO_MANY_REQUESTS);
        }
        // the REST path, also when the console's user tab started it
        adminEvent.operation(OperationType.ACTION).resource(ResourceType.USER)
                .resourcePath("recovery", "users", user.getId(), "send-recovery-sms")
                .representation(Map.of(RecoveryEvents.STEP, STEP, RecoveryEvents.MASKED_PHONE, masked)).success();
        return new Result(masked, life.toSeconds());
    }

    static String phoneDigest(String e164) {
        return Throttle.digest("admin-sms-phone", e164);
    }

    /** The account console's client: the page after the new password says "account updated" there. */
    private ClientModel client() {
        ClientModel client = realm.getClientByClientId(Constants.ACCOUNT_MANAGEMENT_CLIENT_ID);
        if (client == null || !client.isEnabled()) {
            throw ErrorResponse.error("The realm's account client is missing or disabled", Response.Status.BAD_REQUEST);
        }
        return client;
    }
}
