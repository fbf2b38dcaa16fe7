package io.github.kcrecovery.phonerecovery;

import io.github.kcrecovery.code.OneTimeCodes;
import io.github.kcrecovery.contacts.ContactsLinks;
import io.github.kcrecovery.event.RecoveryEvents;
import io.github.kcrecovery.flow.RecoveryStep;
import io.github.kcrecovery.flow.RecoveryStepFactory;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.sessions.AuthenticationSessionModel;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The SMS-code page. The first code is sent when the flow arrives from the digits page (that is, on the
 * digits page's POST); reloading this page never sends anything; "resend" is an explicit POST and obeys the
 * cooldown and limits. A decoy recovery (unknown account, no confirmed phone, wrong digits) shows the same
 * page and accepts no code. Wrong codes fail the flow step with category {@code otp}, so Keycloak's
 * brute-force detector counts them against the account.
 */
public class SmsCodeAuthenticator extends RecoveryStepFactory implements RecoveryStep {

    public static final String PROVIDER_ID = "recovery-sms-code";
    public static final String FIELD = "code";
    static final String PURPOSE = "kcrecovery.sms";
    /** Set once the right code was entered; the password-changed notice looks for it. */
    public static final String VERIFIED_NOTE = "kcrecovery.sms.verified";
    private static final String STARTED_NOTE = "kcrecovery.sms.started";
    private static final String SMS_TEXT = "recoveryPhoneSmsText";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        SmsCodeSender sender = sender(context);
        if (authSession.getAuthNote(STARTED_NOTE) == null) {
            authSession.setAuthNote(STARTED_NOTE, "true");
            // the page is the same whether the SMS goes out, fails later, or was never sent (decoy)
            send(context, sender);
            context.challenge(page(context, sender, null, null));
            return;
        }
        context.challenge(page(context, sender, null, null));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        SmsCodeSender sender = sender(context);
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (form.containsKey("useEmail")) {
            // start over (the chooser, then the identifier page), where the email link can be chosen
            context.resetFlow();
            return;
        }
        if (form.containsKey("resend")) {
            SmsCodeSender.Outcome outcome = send(context, sender);
            switch (outcome) {
                case COOLDOWN -> context.challenge(page(context, sender, null, "recoveryPhoneResendWait"));
                default -> context.challenge(page(context, sender, null, "recoveryPhoneCodeResent"));
            }
            return;
        }
        String typed = form.getFirst(FIELD);
        if (typed == null || typed.isBlank()) {
            context.challenge(page(context, sender, "recoveryPhoneCodeMissing", null));
            return;
        }
        PhoneRecoverySettings settings = PhoneRecoverySettings.of(context.getAuthenticatorConfig());
        OneTimeCodes.Result result = sender.codes().verify(typed, settings.maxWrongCodes());
        UserModel user = PhoneDigitsAuthenticator.smsUser(context);
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        boolean real = authSession.getAuthNote(PhoneDigitsAuthenticator.SEND_TO_NOTE) != null && user != null;
        EventBuilder event = RecoveryEvents.step(context.getEvent(), EventType.RESET_PASSWORD, "sms_code")
                .detail(RecoveryEvents.METHOD, RecoveryEvents.METHOD_SMS)
                .detail(RecoveryEvents.MASKED_PHONE, authSession.getAuthNote(PhoneDigitsAuthenticator.MASKED_NOTE))
                .user(user);
        if (result == OneTimeCodes.Result.VALID && real) {
            event.success();
            authSession.setAuthNote(VERIFIED_NOTE, "true");
            context.setUser(user);
            context.success();
        } else if (result == OneTimeCodes.Result.EXPIRED) {
            event.error(Errors.EXPIRED_CODE);
            context.failureChallenge(AuthenticationFlowError.EXPIRED_CODE, page(context, sender, "recoveryPhoneCodeExpired", null));
        } else {
            event.error(Errors.INVALID_CODE);
            context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, page(context, sender, "recoveryPhoneCodeWrong", null));
        }
    }

    private static SmsCodeSender sender(AuthenticationFlowContext context) {
        return new SmsCodeSender(context.getSession(), context.getRealm(),
                OneTimeCodes.Notes.of(context.getAuthenticationSession()),
                PhoneRecoverySettings.of(context.getAuthenticatorConfig()), PURPOSE);
    }

    private static SmsCodeSender.Outcome send(AuthenticationFlowContext context, SmsCodeSender sender) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        UserModel user = PhoneDigitsAuthenticator.smsUser(context);
        String sendTo = user == null ? null : authSession.getAuthNote(PhoneDigitsAuthenticator.SEND_TO_NOTE);
        EventBuilder event = SmsCodeSender.event(context.getEvent(), "sms_send",
                authSession.getAuthNote(PhoneDigitsAuthenticator.MASKED_NOTE)).user(user);
        return sender.send(sendTo, user, SMS_TEXT, event);
    }

    private static Response page(AuthenticationFlowContext context, SmsCodeSender sender, String fieldErrorKey, String infoKey) {
        LoginFormsProvider form = context.form()
                .setAttribute("maskedPhone", context.getAuthenticationSession().getAuthNote(PhoneDigitsAuthenticator.MASKED_NOTE))
                .setAttribute("resendSeconds", sender.cooldownLeft())
                .setAttribute("contactsUrl", ContactsLinks.url(context.getSession(), context.getRealm()).toString());
        if (fieldErrorKey != null) {
            form.addError(new FormMessage(FIELD, fieldErrorKey));
        }
        if (infoKey != null) {
            form.setInfo(infoKey);
        }
        return form.createForm("recovery-sms-code.ftl");
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
        return "Recovery - SMS code";
    }

    @Override
    public String getHelpText() {
        return "Sends a one-time code to the account's confirmed phone and checks it. Limits and code rules are set here.";
    }

    @Override
    public String getReferenceCategory() {
        return OTPCredentialModel.TYPE;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PhoneRecoverySettings.codeProperties();
    }
}
