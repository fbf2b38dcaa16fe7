package io.github.kcrecovery.phonerecovery;

import io.github.kcrecovery.code.OneTimeCodes;
import io.github.kcrecovery.contacts.ContactsLinks;
import io.github.kcrecovery.event.RecoveryEvents;
import io.github.kcrecovery.flow.RecoveryStep;
import io.github.kcrecovery.flow.RecoveryStepFactory;
import io.github.kcrecovery.state.RecoveryState;
import io.github.kcrecovery.throttle.Throttle;
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

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SMS-code page. The first code is sent when the flow arrives from the digits page (that is, on the
 * digits page's POST); reloading this page never sends anything; "resend" is an explicit POST and obeys the
 * cooldown and limits. A decoy recovery (unknown account, no confirmed phone, wrong digits) shows the same
 * page and accepts no code. Wrong codes count per recovery, and per account and number for the day across
 * sessions; when a code really went to the account they also fail the flow step with category {@code otp}, so
 * Keycloak's brute-force detector counts them against it. After the right code the account is set on the flow (or,
 * when several accounts share the number, picked on the next page).
 */
public class SmsCodeAuthenticator extends RecoveryStepFactory implements RecoveryStep {

    public static final String PROVIDER_ID = "recovery-sms-code";
    public static final String FIELD = "code";
    static final String PURPOSE = "kcrecovery.sms";
    /** Set once the right code was entered; the password-changed notice looks for it. */
    public static final String VERIFIED_NOTE = RecoveryState.CODE_VERIFIED_NOTE;
    private static final String SMS_TEXT = "recoveryPhoneSmsText";
    private static final Duration DAY = Duration.ofDays(1);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        if (RecoveryState.restartIfEnteredAgain(context)) {
            return;
        }
        SmsCodeSender sender = sender(context);
        if (RecoveryState.of(context.getAuthenticationSession()).firstCodePageVisit()) {
            // the page is the same whether the SMS goes out, fails later, or was never sent (decoy)
            send(context, sender);
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
        RecoveryState state = RecoveryState.of(context.getAuthenticationSession());
        List<UserModel> accounts = state.accounts(context.getSession(), context.getRealm());
        boolean sent = state.wasCodeSent();
        // a guess at a code really sent takes its slot in the daily allowances of the accounts and the number BEFORE
        // it is compared, so neither new sessions nor parallel requests buy more guesses; a right code gives them back
        Optional<List<Throttle.Claim>> claims = sent ? claimWrongCode(context, settings, state, accounts) : Optional.of(List.of());
        OneTimeCodes.Result result = claims.isPresent() ? sender.codes().verify(typed, settings.maxWrongCodes()) : OneTimeCodes.Result.INVALID;
        EventBuilder event = RecoveryEvents.step(context.getEvent(), EventType.RESET_PASSWORD, "sms_code")
                .detail(RecoveryEvents.METHOD, RecoveryEvents.METHOD_SMS)
                .detail(RecoveryEvents.MASKED_PHONE, state.maskedNumber())
                .user(accounts.size() == 1 ? accounts.get(0) : null);
        if (result == OneTimeCodes.Result.VALID && sent && !accounts.isEmpty()) {
            Throttle throttle = new Throttle(context.getSession());
            claims.get().forEach(throttle::release);
            event.success();
            state.codeVerified();
            if (accounts.size() == 1) {
                context.setUser(accounts.get(0));
            }
            // several accounts share the number: the next step lets the person pick one
            context.success();
            return;
        }
        if (claims.isEmpty()) {
            event.detail(RecoveryEvents.REASON, "wrong_code_limit");
        }
        String errorKey = result == OneTimeCodes.Result.EXPIRED ? "recoveryPhoneCodeExpired" : "recoveryPhoneCodeWrong";
        event.error(result == OneTimeCodes.Result.EXPIRED ? Errors.EXPIRED_CODE : Errors.INVALID_CODE);
        if (sent) {
            // only a code that really went to the account counts in Keycloak's brute-force detector; wrong digits,
            // decoys and suppressed sends must not let anyone lock an account by its username
            context.failureChallenge(result == OneTimeCodes.Result.EXPIRED ? AuthenticationFlowError.EXPIRED_CODE
                    : AuthenticationFlowError.INVALID_CREDENTIALS, page(context, sender, errorKey, null));
        } else {
            context.challenge(page(context, sender, errorKey, null));
        }
    }

    /** One slot per account and one for the number, or none at all (and empty) when any allowance is used up. */
    private static Optional<List<Throttle.Claim>> claimWrongCode(AuthenticationFlowContext context, PhoneRecoverySettings settings,
                                                                 RecoveryState state, List<UserModel> accounts) {
        Throttle throttle = new Throttle(context.getSession());
        List<Throttle.Claim> claims = new ArrayList<>();
        for (String key : wrongCodeKeys(context, state, accounts)) {
            Optional<Throttle.Claim> claim = throttle.claim(key, settings.maxWrongCodesPerDay(), DAY);
            if (claim.isEmpty()) {
                claims.forEach(throttle::release);
                return Optional.empty();
            }
            claims.add(claim.get());
        }
        return Optional.of(claims);
    }

    private static boolean wrongCodesUsedUp(AuthenticationFlowContext context, PhoneRecoverySettings settings,
                                            RecoveryState state, List<UserModel> accounts) {
        Throttle throttle = new Throttle(context.getSession());
        return wrongCodeKeys(context, state, accounts).stream()
                .anyMatch(key -> throttle.isExhausted(key, settings.maxWrongCodesPerDay(), DAY));
    }

    private static List<String> wrongCodeKeys(AuthenticationFlowContext context, RecoveryState state, List<UserModel> accounts) {
        String realmId = context.getRealm().getId();
        List<String> keys = new ArrayList<>();
        accounts.forEach(u -> keys.add(Throttle.key("sms-wrong-code", realmId, "account", u.getId())));
        state.sendTo().ifPresent(e164 -> keys.add(Throttle.key("sms-wrong-code", realmId, "number", e164)));
        return keys;
    }

    private static SmsCodeSender sender(AuthenticationFlowContext context) {
        return new SmsCodeSender(context.getSession(), context.getRealm(),
                OneTimeCodes.Notes.of(context.getAuthenticationSession()),
                PhoneRecoverySettings.of(context.getAuthenticatorConfig()), PURPOSE);
    }

    private static SmsCodeSender.Outcome send(AuthenticationFlowContext context, SmsCodeSender sender) {
        RecoveryState state = RecoveryState.of(context.getAuthenticationSession());
        PhoneRecoverySettings settings = PhoneRecoverySettings.of(context.getAuthenticatorConfig());
        List<UserModel> accounts = state.accounts(context.getSession(), context.getRealm());
        EventBuilder event = SmsCodeSender.event(context.getEvent(), "sms_send", state.maskedNumber())
                .user(accounts.size() == 1 ? accounts.get(0) : null);
        // no more codes to an account (or number) whose wrong codes of the day are used up
        boolean usedUp = state.sendTo().isPresent() && wrongCodesUsedUp(context, settings, state, accounts);
        if (usedUp) {
            event.detail("limit", "wrong_code_limit");
        }
        String sendTo = accounts.isEmpty() || usedUp ? null : state.sendTo().orElse(null);
        SmsCodeSender.Outcome outcome = sender.send(sendTo, accounts.size() == 1 ? accounts.get(0) : null, SMS_TEXT, event);
        if (outcome == SmsCodeSender.Outcome.SENT) {
            state.codeSent(context.getSession(), context.getRealm());
        }
        return outcome;
    }

    private static Response page(AuthenticationFlowContext context, SmsCodeSender sender, String fieldErrorKey, String infoKey) {
        LoginFormsProvider form = context.form()
                .setAttribute("maskedPhone", RecoveryState.of(context.getAuthenticationSession()).maskedNumber())
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
