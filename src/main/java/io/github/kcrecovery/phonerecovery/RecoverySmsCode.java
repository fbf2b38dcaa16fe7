package io.github.kcrecovery.phonerecovery;

import io.github.kcrecovery.code.OneTimeCodes;
import io.github.kcrecovery.links.PublicLinks;
import io.github.kcrecovery.event.RecoveryEvents;
import io.github.kcrecovery.flow.RecoveryStep;
import io.github.kcrecovery.state.RecoveryState;
import io.github.kcrecovery.throttle.Throttle;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.sessions.AuthenticationSessionModel;

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
 * page and accepts no code. Wrong codes count per recovery, and per shown number (and account, once its digits
 * matched) for the day across sessions, decoys alike; when a code really went to the account they also fail the flow
 * step with category {@code otp}, so Keycloak's brute-force detector counts them against it. Once the wrong codes of
 * the recovery or of the day are used up the page says so and offers a way out instead of the code field. After the
 * right code the account is set on the flow (or, when several accounts share the number, picked on the next page).
 */
final class RecoverySmsCode implements RecoveryStep {

    public static final String FIELD = "code";
    static final String PURPOSE = "kcrecovery.sms";
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
        context.challenge(page(context, sender, null, null, false));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        SmsCodeSender sender = sender(context);
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        RecoveryState state = RecoveryState.of(context.getAuthenticationSession());
        if (form.containsKey("useEmail") || form.containsKey("restart")) {
            // a new recovery (the chooser, then the identifier page, where the email link can be chosen)
            context.resetFlow();
            return;
        }
        if (form.containsKey("changeDigits") && !state.identifierIsPhone()) {
            backToTheDigits(context, state, sender);
            return;
        }
        if (form.containsKey("resend")) {
            switch (send(context, sender)) {
                case COOLDOWN -> context.challenge(page(context, sender, null, "recoveryPhoneResendWait", false));
                case RECOVERY_LIMIT -> context.challenge(page(context, sender, null, "recoveryPhoneNoMoreCodes", false));
                // sent or not (decoy, limits): the page's one hedge says "if everything matched"
                default -> context.challenge(page(context, sender, null, null, true));
            }
            return;
        }
        String typed = form.getFirst(FIELD);
        if (typed == null || typed.isBlank()) {
            context.challenge(page(context, sender, "recoveryPhoneCodeMissing", null, false));
            return;
        }
        PhoneRecoverySettings settings = PhoneRecoverySettings.of(context.getAuthenticatorConfig());
        List<UserModel> accounts = state.accounts(context.getSession(), context.getRealm());
        boolean sent = state.wasCodeSent();
        // every guess, at a real code or a decoy's, takes its slot in the daily allowances BEFORE it is compared, so
        // neither new sessions nor parallel requests buy more guesses, and a decoy runs out exactly as a real account
        // does; a right code gives them back
        Optional<List<Throttle.Claim>> claims = claimWrongCode(context, settings, state, accounts);
        OneTimeCodes.Result result = claims.isPresent() ? sender.codes().verify(typed, settings.maxWrongCodes()) : OneTimeCodes.Result.INVALID;
        EventBuilder event = RecoveryEvents.step(context.getEvent(), EventType.RESET_PASSWORD, "sms_code")
                .detail(RecoveryEvents.METHOD, RecoveryEvents.METHOD_SMS)
                .detail(RecoveryEvents.MASKED_PHONE, state.maskedNumber())
                .user(accounts.size() == 1 ? accounts.get(0) : null);
        if (result == OneTimeCodes.Result.VALID && sent && !accounts.isEmpty()) {
            Throttle throttle = Throttle.of(context.getSession());
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
        String errorKey = switch (result) {
            case EXPIRED -> "recoveryPhoneCodeExpired";
            case SUPERSEDED -> "recoveryPhoneCodeReplaced";
            default -> "recoveryPhoneCodeWrong";
        };
        event.error(result == OneTimeCodes.Result.EXPIRED ? Errors.EXPIRED_CODE : Errors.INVALID_CODE);
        if (sent) {
            // only a code that really went to the account counts in Keycloak's brute-force detector; wrong digits,
            // decoys and suppressed sends must not let anyone lock an account by its username
            context.failureChallenge(result == OneTimeCodes.Result.EXPIRED ? AuthenticationFlowError.EXPIRED_CODE
                    : AuthenticationFlowError.INVALID_CREDENTIALS, page(context, sender, errorKey, null, false));
        } else {
            context.challenge(page(context, sender, errorKey, null, false));
        }
    }

    /**
     * "Change the digits": the digits page again, through a redirect to this flow's own page (never "Page has
     * expired"). The mismatch already counted stays counted; the next code page sends again if the digits match.
     */
    private static void backToTheDigits(AuthenticationFlowContext context, RecoveryState state, SmsCodeSender sender) {
        Optional<AuthenticationExecutionModel> digitsStep = context.getRealm()
                .getAuthenticationExecutionsStream(context.getExecution().getParentFlow())
                .filter(execution -> RecoveryPhoneDigitsFactory.PROVIDER_ID.equals(execution.getAuthenticator()))
                .findFirst();
        if (digitsStep.isEmpty()) {
            // a flow without the digits page: nothing to go back to
            context.challenge(page(context, sender, null, null, false));
            return;
        }
        state.digitsToBeTypedAgain();
        context.getAuthenticationSession().setExecutionStatus(digitsStep.get().getId(),
                AuthenticationSessionModel.ExecutionStatus.CHALLENGED);
        context.challenge(Response.seeOther(context.getRefreshExecutionUrl()).build());
    }

    /**
     * One slot for the shown number (a decoy's too) and, once a code may go to the accounts, one per account; or none
     * at all (and empty) when any allowance is used up.
     */
    private static Optional<List<Throttle.Claim>> claimWrongCode(AuthenticationFlowContext context, PhoneRecoverySettings settings,
                                                                 RecoveryState state, List<UserModel> accounts) {
        Throttle throttle = Throttle.of(context.getSession());
        List<Throttle.Claim> claims = new ArrayList<>();
        for (Throttle.Key key : wrongCodeKeys(context, state, accounts)) {
            Optional<Throttle.Claim> claim = throttle.claim(key, settings.maxWrongCodesPerDay(), DAY);
            if (claim.isEmpty()) {
                claims.forEach(throttle::release);
                return Optional.empty();
            }
            claims.add(claim.get());
        }
        return Optional.of(claims);
    }

    private static boolean wrongCodesOfTheDayUsedUp(AuthenticationFlowContext context, PhoneRecoverySettings settings,
                                                    RecoveryState state, List<UserModel> accounts) {
        Throttle throttle = Throttle.of(context.getSession());
        return wrongCodeKeys(context, state, accounts).stream()
                .anyMatch(key -> throttle.isExhausted(key, settings.maxWrongCodesPerDay(), DAY));
    }

    /**
     * The shown number counts whatever it is (real, typed or decoy), so "used up" is as true for a decoy as for a real
     * account; the accounts count only once a code may go to them (digits matched, or their number was typed).
     */
    private static List<Throttle.Key> wrongCodeKeys(AuthenticationFlowContext context, RecoveryState state, List<UserModel> accounts) {
        String realmId = context.getRealm().getId();
        List<Throttle.Key> keys = new ArrayList<>();
        if (state.sendTo().isPresent()) {
            accounts.forEach(u -> keys.add(Throttle.accountKey("sms-wrong-code", realmId, u.getId())));
        }
        keys.add(Throttle.key("sms-wrong-code", realmId, "number", state.shownNumber()));
        return keys;
    }

    /** The wrong codes of this recovery, or of the day for its number (or accounts), are used up. */
    private static boolean attemptsUsedUp(AuthenticationFlowContext context, SmsCodeSender sender) {
        RecoveryState state = RecoveryState.of(context.getAuthenticationSession());
        PhoneRecoverySettings settings = PhoneRecoverySettings.of(context.getAuthenticatorConfig());
        return sender.codes().failures() >= settings.maxWrongCodes()
                || wrongCodesOfTheDayUsedUp(context, settings, state, state.accounts(context.getSession(), context.getRealm()));
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
        boolean usedUp = wrongCodesOfTheDayUsedUp(context, settings, state, accounts);
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

    /**
     * The code page; once the attempts are used up, the same page says so and offers a new recovery, the email link
     * and the contacts instead of the code field.
     *
     * @param resent after "send a new code": the page's one hedge speaks of a new code
     */
    private static Response page(AuthenticationFlowContext context, SmsCodeSender sender, String fieldErrorKey, String infoKey,
                                 boolean resent) {
        RecoveryState state = RecoveryState.of(context.getAuthenticationSession());
        boolean usedUp = attemptsUsedUp(context, sender);
        LoginFormsProvider form = context.form()
                .setAttribute("maskedPhone", state.maskedNumber())
                .setAttribute("resendSeconds", sender.cooldownLeft())
                .setAttribute("codeResent", resent)
                .setAttribute("attemptsUsedUp", usedUp)
                .setAttribute("digitsAsked", !state.identifierIsPhone())
                .setAttribute("contactsUrl", PublicLinks.contacts(context.getSession(), context.getRealm()).toString());
        if (usedUp) {
            form.setError("recoveryPhoneAttemptsUsedUp");
        } else if (fieldErrorKey != null) {
            form.addError(new FormMessage(FIELD, fieldErrorKey));
        } else if (infoKey != null) {
            form.setInfo(infoKey);
        }
        return form.createForm("recovery-sms-code.ftl");
    }
}
