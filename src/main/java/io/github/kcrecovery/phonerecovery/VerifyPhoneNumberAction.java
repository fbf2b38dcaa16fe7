package io.github.kcrecovery.phonerecovery;

import io.github.kcrecovery.phone.ConfirmedPhone;
import io.github.kcrecovery.code.OneTimeCodes;
import io.github.kcrecovery.event.RecoveryEvents;
import io.github.kcrecovery.phone.PhoneNumbers;
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
import org.keycloak.sessions.AuthenticationSessionModel;

import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Required action {@value #ID}: the person types a mobile number, gets a code by SMS and types it; then the
 * number is saved as confirmed. Admins can assign it; applications can start it with
 * {@code kc_action=verify-phone-number}. Same code store, cooldown and limits as the SMS recovery (set in
 * this action's config).
 */
public class VerifyPhoneNumberAction implements RequiredActionProvider, RequiredActionFactory {

    public static final String ID = "verify-phone-number";
    static final String PURPOSE = "kcrecovery.verifyphone";
    private static final String PENDING_NOTE = PURPOSE + ".number";
    private static final String NUMBER_FIELD = "phoneNumber";
    private static final String CODE_FIELD = "code";

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
        SmsCodeSender sender = new SmsCodeSender(context.getSession(), context.getRealm(),
                OneTimeCodes.Notes.of(authSession), settings, PURPOSE);
        String pending = authSession.getAuthNote(PENDING_NOTE);

        if (form.containsKey("changeNumber")) {
            authSession.removeAuthNote(PENDING_NOTE);
            requiredActionChallenge(context);
            return;
        }
        if (pending == null || form.containsKey(NUMBER_FIELD)) {
            Optional<String> number = settings.phoneNumbers().toE164(form.getFirst(NUMBER_FIELD));
            if (number.isEmpty() || !settings.countryAllowed(number.get())) {
                authSession.removeAuthNote(PENDING_NOTE);
                show(context, new FormMessage(NUMBER_FIELD, "recoveryPhoneVerifyInvalidNumber"), null, null);
                return;
            }
            authSession.setAuthNote(PENDING_NOTE, number.get());
            send(context, sender, number.get());
            return;
        }
        if (form.containsKey("resend")) {
            send(context, sender, pending);
            return;
        }
        OneTimeCodes.Result result = sender.codes().verify(form.getFirst(CODE_FIELD), settings.maxWrongCodes());
        EventBuilder event = event(context, "verify_phone_code", pending);
        if (result == OneTimeCodes.Result.VALID) {
            ConfirmedPhone.confirm(context.getUser(), pending);
            authSession.removeAuthNote(PENDING_NOTE);
            event.success();
            context.success();
        } else {
            event.error(result == OneTimeCodes.Result.EXPIRED ? Errors.EXPIRED_CODE : Errors.INVALID_CODE);
            show(context, new FormMessage(CODE_FIELD, result == OneTimeCodes.Result.EXPIRED
                    ? "recoveryPhoneCodeExpired" : "recoveryPhoneCodeWrong"), null, null);
        }
    }

    private void send(RequiredActionContext context, SmsCodeSender sender, String e164) {
        SmsCodeSender.Outcome outcome = sender.send(e164, context.getUser(), "recoveryPhoneVerifySmsText",
                event(context, "verify_phone_send", e164));
        switch (outcome) {
            case SENT -> show(context, null, null, null);
            case COOLDOWN -> show(context, null, null, "recoveryPhoneResendWait");
            default -> {
                // a limit refused the send; the person is signed in and typed the number: saying so reveals nothing
                context.getAuthenticationSession().removeAuthNote(PENDING_NOTE);
                show(context, null, "recoveryPhoneVerifyNotSent", null);
            }
        }
    }

    private void show(RequiredActionContext context, FormMessage fieldError, String error, String info) {
        context.challenge(page(context, fieldError, error, info).createForm("recovery-verify-phone.ftl"));
    }

    private LoginFormsProvider page(RequiredActionContext context, FormMessage fieldError, String error, String info) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String pending = authSession.getAuthNote(PENDING_NOTE);
        SmsCodeSender sender = new SmsCodeSender(context.getSession(), context.getRealm(),
                OneTimeCodes.Notes.of(authSession), settings(context), PURPOSE);
        LoginFormsProvider form = context.form()
                .setAttribute("pendingPhone", pending == null ? null : PhoneNumbers.mask(pending))
                .setAttribute("currentPhone", Optional.ofNullable(context.getUser().getFirstAttribute(ConfirmedPhone.PHONE)).orElse(""))
                .setAttribute("resendSeconds", sender.cooldownLeft());
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
        return PhoneRecoverySettings.codeProperties();
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
