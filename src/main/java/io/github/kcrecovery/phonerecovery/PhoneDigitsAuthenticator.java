package io.github.kcrecovery.phonerecovery;

import io.github.kcrecovery.event.RecoveryEvents;
import io.github.kcrecovery.flow.RecoveryStep;
import io.github.kcrecovery.flow.RecoveryStepFactory;
import io.github.kcrecovery.phone.ConfirmedPhone;
import io.github.kcrecovery.phone.PhoneNumbers;
import io.github.kcrecovery.throttle.Throttle;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.sessions.AuthenticationSessionModel;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The masked-phone page: shows the account's confirmed number with only the last digits visible and asks
 * for the hidden ones. Accounts without a confirmed number (and unknown identifiers) see a decoy number,
 * stable per identifier, on the same page. Only a match on a real number lets the next step send an SMS;
 * anything else moves on to the same next page with nothing sent.
 */
public class PhoneDigitsAuthenticator extends RecoveryStepFactory implements RecoveryStep {

    public static final String PROVIDER_ID = "recovery-phone-digits";
    public static final String FIELD = "phoneDigits";
    /** The confirmed number the code may go to; set only when the typed digits matched. */
    static final String SEND_TO_NOTE = "kcrecovery.phone.sendTo";
    static final String MASKED_NOTE = "kcrecovery.phone.masked";
    private static final Duration DAY = Duration.ofDays(1);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        context.challenge(page(context, shownNumber(context), null));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        Shown shown = shownNumber(context);
        String typed = context.getHttpRequest().getDecodedFormParameters().getFirst(FIELD);
        String digits = typed == null ? "" : typed.replaceAll("[\\s\\-()]", "");
        if (digits.isEmpty() || digits.length() > 20 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
                || digits.length() != PhoneNumbers.hiddenDigitCount(shown.e164())) {
            context.challenge(page(context, shown, "recoveryPhoneDigitsInvalid"));
            return;
        }
        PhoneRecoverySettings settings = PhoneRecoverySettings.of(context.getAuthenticatorConfig());
        Throttle throttle = new Throttle(context.getSession());
        String mismatchKey = Throttle.key("digit-mismatch", context.getRealm().getId(), shown.seed());
        boolean exhausted = throttle.isExhausted(mismatchKey, settings.maxDigitMismatches(), DAY);
        boolean match = shown.real() && !exhausted && PhoneNumbers.matchesHiddenDigits(shown.e164(), digits);

        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        authSession.setAuthNote(MASKED_NOTE, PhoneNumbers.mask(shown.e164()));
        EventBuilder event = RecoveryEvents.step(context.getEvent(), EventType.RESET_PASSWORD, "phone_digits")
                .detail(RecoveryEvents.METHOD, RecoveryEvents.METHOD_SMS)
                .detail(RecoveryEvents.MASKED_PHONE, PhoneNumbers.mask(shown.e164()))
                .user(shown.user());
        if (match) {
            authSession.setAuthNote(SEND_TO_NOTE, shown.e164());
            event.success();
        } else {
            authSession.removeAuthNote(SEND_TO_NOTE);
            if (!exhausted) {
                throttle.tryAcquire(mismatchKey, settings.maxDigitMismatches(), DAY);
            }
            event.detail(RecoveryEvents.REASON, exhausted ? "mismatch_limit" : shown.real() ? "digits_mismatch" : "decoy")
                    .error(Errors.INVALID_USER_CREDENTIALS);
        }
        context.success();
    }

    private record Shown(String e164, boolean real, String seed, UserModel user) {
    }

    private static Shown shownNumber(AuthenticationFlowContext context) {
        UserModel user = smsUser(context);
        Optional<String> confirmed = ConfirmedPhone.of(user);
        String seed = user != null ? "user:" + user.getId()
                : "id:" + Optional.ofNullable(context.getAuthenticationSession().getAuthNote(RecoveryChooseUser.IDENTIFIER_NOTE)).orElse("");
        if (confirmed.isPresent()) {
            return new Shown(confirmed.get(), true, seed, user);
        }
        PhoneRecoverySettings settings = PhoneRecoverySettings.of(context.getAuthenticatorConfig());
        return new Shown(settings.phoneNumbers().decoy(decoySeed(context.getSession(), context.getRealm(), seed)), false, seed, user);
    }

    /** The account this SMS recovery is about, or null for unknown identifiers. */
    static UserModel smsUser(AuthenticationFlowContext context) {
        if (context.getUser() != null) {
            return context.getUser();
        }
        String id = context.getAuthenticationSession().getAuthNote(RecoveryChooseUser.SMS_USER_NOTE);
        UserModel user = id == null ? null : context.getSession().users().getUserById(context.getRealm(), id);
        return user != null && user.isEnabled() ? user : null;
    }

    /**
     * HMAC of the identifier under the realm's active HMAC key: the same decoy on every node and after
     * restarts, and not computable by someone who lacks the key.
     */
    static byte[] decoySeed(KeycloakSession session, RealmModel realm, String identifier) {
        KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.SIG, Algorithm.HS512);
        byte[] secret = key != null && key.getSecretKey() != null ? key.getSecretKey().getEncoded()
                : realm.getId().getBytes(StandardCharsets.UTF_8);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal((realm.getId() + "\u0000" + identifier).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response page(AuthenticationFlowContext context, Shown shown, String errorKey) {
        var form = context.form()
                .setAttribute("maskedPhone", PhoneNumbers.mask(shown.e164()))
                .setAttribute("hiddenDigitCount", PhoneNumbers.hiddenDigitCount(shown.e164()));
        if (errorKey != null) {
            form.addError(new FormMessage(FIELD, errorKey));
        }
        return form.createForm("recovery-phone-digits.ftl");
    }

    @Override
    public Authenticator create(KeycloakSession session) {
        return this;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Recovery - masked phone digits";
    }

    @Override
    public String getHelpText() {
        return "Shows the confirmed phone with the last digits visible and asks for the hidden ones. Unknown accounts see a decoy.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PhoneRecoverySettings.digitsProperties();
    }
}
