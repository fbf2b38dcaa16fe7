package io.github.kcrecovery.phonerecovery;

import io.github.kcrecovery.phone.ConfirmedPhone;
import io.github.kcrecovery.code.OneTimeCodes;
import io.github.kcrecovery.event.RecoveryEvents;
import io.github.kcrecovery.phone.PhoneNumbers;
import io.github.kcrecovery.sms.SmsLimits;
import io.github.kcrecovery.sms.SmsOutbox;
import io.github.kcrecovery.sms.SmsTexts;
import io.github.kcrecovery.throttle.Throttle;
import org.keycloak.common.util.Time;
import org.keycloak.Config;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RequiredActionConfigModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.sessions.AuthenticationSessionModel;

import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Required action {@value #ID}: the person types a mobile number, gets a code by SMS and types it; then the
 * number is saved as confirmed. Admins can assign it; applications can start it with
 * {@code kc_action=recovery-verify-phone}. A code proves only the number it was sent to: it is hashed together with
 * that number, and typing another number discards it. Per account, across sessions, at most
 * {@value #MAX_NUMBERS_PER_DAY} numbers a day (default 3) and the SMS limits' sends per account per hour.
 */
public class VerifyPhoneNumberAction implements RequiredActionProvider, RequiredActionFactory {

    public static final String ID = "recovery-verify-phone";
    public static final String MAX_NUMBERS_PER_DAY = "maxNumbersPerAccountPerDay";
    static final String PURPOSE = "kcrecovery.verifyphone";
    private static final String PENDING_NOTE = PURPOSE + ".number";
    private static final String NEXT_SEND_NOTE = PURPOSE + ".nextSendAt";
    private static final String NUMBER_FIELD = "phoneNumber";
    private static final String CODE_FIELD = "code";
    private static final Duration DAY = Duration.ofDays(1);

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        // assigned by an admin or requested by an application; never triggered on its own
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        context.challenge(page(context, null, null, null).createForm("recovery-verify-phone.ftl"));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        PhoneRecoverySettings settings = settings(context);
        OneTimeCodes codes = codes(authSession);
        String pending = authSession.getAuthNote(PENDING_NOTE);

        if (form.containsKey("changeNumber")) {
            forgetNumber(authSession, codes);
            requiredActionChallenge(context);
            return;
        }
        if (pending == null || form.containsKey(NUMBER_FIELD)) {
            // a code proves only the number it was sent to: any other number starts over
            forgetNumber(authSession, codes);
            Optional<String> number = settings.phoneNumbers().toE164(form.getFirst(NUMBER_FIELD));
            if (number.isEmpty() || !settings.smsLimits().countryAllowed(number.get())) {
                show(context, new FormMessage(NUMBER_FIELD, "recoveryPhoneVerifyInvalidNumber"), null, null);
                return;
            }
            authSession.setAuthNote(PENDING_NOTE, number.get());
            send(context, settings, codes, number.get());
            return;
        }
        if (form.containsKey("resend")) {
            send(context, settings, codes, pending);
            return;
        }
        OneTimeCodes.Result result = codes.verify(form.getFirst(CODE_FIELD), settings.maxWrongCodes(), pending);
        EventBuilder event = event(context, "verify_phone_code", pending);
        if (result == OneTimeCodes.Result.VALID) {
            UserModel user = context.getUser();
            Optional<String> previous = ConfirmedPhone.of(user);
            ConfirmedPhone.confirm(user, pending);
            forgetNumber(authSession, codes);
            event.success();
            previous.filter(old -> !old.equals(pending))
                    .ifPresent(old -> ChangeNotices.phoneChanged(context.getSession(), context.getRealm(), user, old));
            context.success();
        } else {
            event.error(result == OneTimeCodes.Result.EXPIRED ? Errors.EXPIRED_CODE : Errors.INVALID_CODE);
            show(context, new FormMessage(CODE_FIELD, switch (result) {
                case EXPIRED -> "recoveryPhoneCodeExpired";
                case SUPERSEDED -> "recoveryPhoneCodeReplaced";
                default -> "recoveryPhoneCodeWrong";
            }), null, null);
        }
    }

    private static void forgetNumber(AuthenticationSessionModel authSession, OneTimeCodes codes) {
        authSession.removeAuthNote(PENDING_NOTE);
        codes.discard();
    }

    private void send(RequiredActionContext context, PhoneRecoverySettings settings, OneTimeCodes codes, String e164) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        EventBuilder event = event(context, "verify_phone_send", e164);
        if (cooldownLeft(authSession) > 0) {
            event.detail(RecoveryEvents.REASON, "cooldown").error(Errors.NOT_ALLOWED);
            show(context, null, null, "recoveryPhoneResendWait");
            return;
        }
        if (!numberAllowedToday(context, settings, e164)) {
            event.detail(RecoveryEvents.REASON, "numbers_per_day").error(Errors.NOT_ALLOWED);
            refused(context);
            return;
        }
        authSession.setAuthNote(NEXT_SEND_NOTE, Long.toString(Time.currentTime() + settings.resendCooldown().toSeconds()));
        String code = codes.issue(settings.codeLength(), settings.codeLife(), e164);
        UserModel user = context.getUser();
        SmsOutbox.Message message = SmsOutbox.Message.fromClient(context.getSession(), SmsOutbox.Kind.VERIFY_CODE, e164,
                user.getId(), context.getSession().getContext().resolveLocale(user), "recoveryPhoneVerifySmsText", "{0}",
                code, settings.codeLife().toSeconds(), SmsTexts.realmName(context.getRealm()));
        if (SmsOutbox.sendAfterResponse(context.getSession(), context.getRealm(), message, settings.smsLimits(), event).isPresent()) {
            codes.discard();
            refused(context);
            return;
        }
        show(context, null, null, null);
    }

    /** The person is signed in and typed the number: saying that a limit refused it reveals nothing. */
    private void refused(RequiredActionContext context) {
        context.getAuthenticationSession().removeAuthNote(PENDING_NOTE);
        show(context, null, "recoveryPhoneVerifyNotSent", null);
    }

    /** Each account may try {@value #MAX_NUMBERS_PER_DAY} different numbers a day, in all its sessions together. */
    private static boolean numberAllowedToday(RequiredActionContext context, PhoneRecoverySettings settings, String e164) {
        Throttle throttle = Throttle.of(context.getSession());
        String realmId = context.getRealm().getId();
        String userId = context.getUser().getId();
        Throttle.Key triedKey = Throttle.accountKey("verify-phone-tried", realmId, userId, e164);
        if (throttle.used(triedKey, 1, DAY) > 0) {
            return true;
        }
        // claim a slot first, then remember the number: parallel requests cannot try more numbers than allowed
        if (!throttle.tryAcquire(Throttle.accountKey("verify-phone-numbers", realmId, userId), maxNumbersPerDay(settings), DAY)) {
            return false;
        }
        throttle.tryAcquire(triedKey, 1, DAY);
        return true;
    }

    private static int maxNumbersPerDay(PhoneRecoverySettings settings) {
        return SmsLimits.number(settings.values(), MAX_NUMBERS_PER_DAY, 3);
    }

    private static long cooldownLeft(AuthenticationSessionModel authSession) {
        String next = authSession.getAuthNote(NEXT_SEND_NOTE);
        return next == null ? 0 : Math.max(0, Long.parseLong(next) - Time.currentTime());
    }

    private static OneTimeCodes codes(AuthenticationSessionModel authSession) {
        return new OneTimeCodes(OneTimeCodes.Notes.of(authSession), PURPOSE);
    }

    private void show(RequiredActionContext context, FormMessage fieldError, String error, String info) {
        context.challenge(page(context, fieldError, error, info).createForm("recovery-verify-phone.ftl"));
    }

    private LoginFormsProvider page(RequiredActionContext context, FormMessage fieldError, String error, String info) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String pending = authSession.getAuthNote(PENDING_NOTE);
        LoginFormsProvider form = context.form()
                .setAttribute("pendingPhone", pending == null ? null : PhoneNumbers.mask(pending))
                .setAttribute("currentPhone", Optional.ofNullable(context.getUser().getFirstAttribute(ConfirmedPhone.PHONE)).orElse(""))
                .setAttribute("resendSeconds", cooldownLeft(authSession));
        if (fieldError != null) {
            form.addError(fieldError);
        }
        if (error != null) {
            form.setError(error);
        }
        if (info != null) {
            form.setInfo(info);
        }
        return form;
    }

    private static EventBuilder event(RequiredActionContext context, String step, String e164) {
        return RecoveryEvents.step(context.getEvent(), EventType.CUSTOM_REQUIRED_ACTION, step)
                .detail(RecoveryEvents.METHOD, RecoveryEvents.METHOD_SMS)
                .detail(RecoveryEvents.MASKED_PHONE, e164 == null ? null : PhoneNumbers.mask(e164))
                .detail("custom_required_action", ID)
                .user(context.getUser());
    }

    private static PhoneRecoverySettings settings(RequiredActionContext context) {
        RequiredActionConfigModel config = context.getConfig();
        return new PhoneRecoverySettings(config == null || config.getConfig() == null ? Map.of() : config.getConfig());
    }

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return InitiatedActionSupport.SUPPORTED;
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public String getDisplayText() {
        return "Verify phone number";
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        List<ProviderConfigProperty> properties = new ArrayList<>(PhoneRecoverySettings.codeProperties());
        properties.addAll(ProviderConfigurationBuilder.create()
                .property().name(MAX_NUMBERS_PER_DAY).label("Numbers per account per 24 h")
                .type(ProviderConfigProperty.INTEGER_TYPE).defaultValue("3")
                .helpText("Different numbers one account may try to confirm in a day, across sessions.").add()
                .build());
        return properties;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }
}
