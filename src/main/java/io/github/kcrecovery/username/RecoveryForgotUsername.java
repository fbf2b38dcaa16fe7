package io.github.kcrecovery.username;

import io.github.kcrecovery.captcha.Captcha;
import io.github.kcrecovery.state.RecoveryOption;
import io.github.kcrecovery.links.PublicLinks;
import io.github.kcrecovery.mail.ResetLink;
import io.github.kcrecovery.event.RecoveryEvents;
import io.github.kcrecovery.flow.RecoveryStep;
import io.github.kcrecovery.phone.ConfirmedPhone;
import io.github.kcrecovery.state.RecoveryState;
import io.github.kcrecovery.throttle.ClientKeys;
import io.github.kcrecovery.throttle.Throttle;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.FormMessage;
import org.keycloak.services.Urls;
import org.keycloak.services.util.ResolveRelative;
import org.keycloak.sessions.AuthenticationSessionModel;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * "I forgot my login" (and "both"): email and/or phone plus birth date (plus the captcha of its sub-flow). Every
 * enabled account with that confirmed contact AND that birth date gets its login on the channel the person typed:
 * by email when the typed email is its verified address, by SMS when the typed phone is its confirmed number, both
 * ways when both were typed; for "both" the email also carries Keycloak's reset link. Whatever matched, the same page
 * follows (it depends only on which fields were filled in), and the messages go out after the response. The birth
 * date only ever decides whether a reminder goes to a contact already on file: it never resets a password or signs
 * anyone in.
 */
final class RecoveryForgotUsername implements RecoveryStep {

    static final String FORM = "recovery-forgot-username.ftl";
    static final String SENT_PAGE = "recovery-username-sent.ftl";
    static final String SENT_NOTE = "kcrecovery.username.sent";
    static final String IDENTIFIER_NOTE = "kcrecovery.username.identifier";
    /** Set when only a phone number was typed: the answer page then speaks of an SMS, not of an email. */
    static final String PHONE_ONLY_NOTE = "kcrecovery.username.phoneOnly";
    static final String RESET_BY_PHONE = "resetByPhone";
    static final String STEP = "forgot_username";
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofHours(24);
    private static final int MAX_REDISPLAY_LENGTH = 254;

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        if (RecoveryState.resumedByResetLink(context)) {
            // the reset link of a "both" email, opened in this browser, resumes the flow here: on to the email path
            context.success();
        } else if (RecoveryState.restartIfEnteredAgain(context)) {
            return;
        } else if (context.getAuthenticationSession().getAuthNote(SENT_NOTE) != null) {
            context.challenge(sentPage(context));
        } else {
            context.challenge(formPage(context, null, Map.of()));
        }
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> formData = context.getHttpRequest().getDecodedFormParameters();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (authSession.getAuthNote(SENT_NOTE) != null) {
            if (option(authSession) == RecoveryOption.BOTH && formData.containsKey(RESET_BY_PHONE)) {
                continueByPhone(context);
            } else {
                context.challenge(sentPage(context));
            }
            return;
        }
        if (Captcha.refreshRequested(formData)) {
            context.challenge(formPage(context, formData, Map.of()));
            return;
        }
        UsernameSettings settings = UsernameSettings.of(context.getAuthenticatorConfig());
        ForgotUsernameRequest.Parsed parsed = ForgotUsernameRequest.parse(formData.getFirst(ForgotUsernameRequest.EMAIL),
                formData.getFirst(ForgotUsernameRequest.PHONE), formData.getFirst(ForgotUsernameRequest.BIRTHDATE),
                settings.phoneNumbers(), LocalDate.now());
        if (parsed.request().isEmpty()) {
            context.challenge(formPage(context, formData, parsed.errors()));
            return;
        }
        Optional<Captcha> captcha = Captcha.forForm(context);
        if (captcha.isPresent() && !captcha.get().verify(formData)) {
            RecoveryEvents.step(context.getEvent(), EventType.SEND_RESET_PASSWORD, STEP)
                    .detail(RecoveryEvents.REASON, "captcha").error(Errors.INVALID_INPUT);
            context.challenge(formPage(context, formData, Map.of(Captcha.ANSWER_FIELD, "recoveryCaptchaError")));
            return;
        }
        remind(context, parsed.request().get(), settings);
        context.challenge(sentPage(context));
    }

    /** Decides and counts; whatever the outcome the caller shows the same page. */
    private static void remind(AuthenticationFlowContext context, ForgotUsernameRequest request, UsernameSettings settings) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        RecoveryOption option = option(authSession);
        Throttle throttle = Throttle.of(session);
        String client = ClientKeys.of(ClientKeys.address(session.getContext().getConnection()));
        List<String> identifiers = request.identifiers();
        EventBuilder event = RecoveryEvents.step(context.getEvent(), EventType.SEND_RESET_PASSWORD, STEP)
                .detail("recovery_option", option.value())
                .detail("identifier_type", request.email().isPresent() && request.phone().isPresent() ? "email_phone"
                        : request.email().isPresent() ? "email" : "phone");

        // counted and looked up the same way whatever the identifiers turn out to be
        boolean overAttemptLimit = false;
        for (String identifier : identifiers) {
            overAttemptLimit |= !throttle.tryAcquire(Throttle.key("username-attempt", realm.getId(), identifier, client),
                    settings.maxAttemptsPerIdentifierAndIp(), HOUR);
        }
        // each request takes its birth-date mismatch slots BEFORE the date is compared, so parallel requests cannot
        // all be compared; the slots are given back when the date matched or nothing was compared
        List<Throttle.Claim> claims = new ArrayList<>();
        boolean lockedByMismatches = false;
        for (String identifier : identifiers) {
            Optional<Throttle.Claim> claim = throttle.claim(mismatchKey(realm, identifier), settings.maxMismatches(), DAY);
            claim.ifPresent(claims::add);
            lockedByMismatches |= claim.isEmpty();
        }
        boolean compare = !overAttemptLimit && !lockedByMismatches;
        List<UserModel> candidates = MatchingAccounts.find(session, realm, request);
        List<UserModel> matched = compare ? candidates.stream().filter(u -> MatchingAccounts.bornOn(u, request.birthdate())).toList() : List.of();

        authSession.setAuthNote(SENT_NOTE, "true");
        authSession.setAuthNote(IDENTIFIER_NOTE, identifiers.get(0));
        if (request.email().isEmpty()) {
            authSession.setAuthNote(PHONE_ONLY_NOTE, "true");
        }
        if (!compare || !matched.isEmpty()) {
            claims.forEach(throttle::release);
        }
        if (!compare) {
            event.detail(RecoveryEvents.REASON, overAttemptLimit ? "attempt_limit" : "birthdate_mismatch_limit").error(Errors.NOT_ALLOWED);
            return;
        }
        if (matched.isEmpty()) {
            event.detail(RecoveryEvents.REASON, candidates.isEmpty() ? "no_account" : "birthdate_mismatch")
                    .error(candidates.isEmpty() ? Errors.USER_NOT_FOUND : Errors.INVALID_USER_CREDENTIALS);
            return;
        }
        List<UsernameReminders.Reminder> reminders = new ArrayList<>();
        for (UserModel user : matched) {
            reminders.addAll(remindAccount(context, user, request, settings, event.clone().user(user)));
        }
        UsernameReminders.sendAfterResponse(session, realm, reminders);
    }

    /**
     * The login on each channel the person typed that is confirmed on this account: the email to its verified
     * address, the SMS (queued, or refused with the event, by the one SMS path) to its confirmed phone.
     *
     * @return the emails to send after the response
     */
    private static List<UsernameReminders.Reminder> remindAccount(AuthenticationFlowContext context, UserModel user,
            ForgotUsernameRequest request, UsernameSettings settings, EventBuilder event) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        if (!Throttle.of(session).tryAcquire(Throttle.accountKey("username-reminder", realm.getId(), user.getId()), settings.maxMessagesPerAccount(), HOUR)) {
            event.detail(RecoveryEvents.REASON, "account_limit").error(Errors.NOT_ALLOWED);
            return List.of();
        }
        Locale locale = session.getContext().resolveLocale(user);
        List<UsernameReminders.Reminder> emails = new ArrayList<>();
        if (request.email().filter(typed -> user.isEmailVerified() && typed.equalsIgnoreCase(user.getEmail())).isPresent()) {
            EventBuilder byEmail = event.clone().detail(RecoveryEvents.METHOD, RecoveryEvents.METHOD_EMAIL);
            byEmail.success();
            // "both": the email also carries Keycloak's own reset link, as its reset-credential email would send it
            ResetLink resetLink = option(context.getAuthenticationSession()) == RecoveryOption.BOTH
                    ? ResetLink.create(context, user, locale) : null;
            emails.add(UsernameReminders.Reminder.email(user, locale,
                    signInLink(session, realm, context.getAuthenticationSession().getClient()), resetLink, byEmail));
        }
        Optional<String> phone = request.phone().filter(typed -> ConfirmedPhone.of(user).filter(typed::equals).isPresent());
        if (phone.isPresent()) {
            EventBuilder bySms = event.clone().detail(RecoveryEvents.METHOD, RecoveryEvents.METHOD_SMS);
            if (settings.sendSms()) {
                UsernameReminders.sms(session, realm, user, locale, phone.get(), settings.smsLimits(), bySms);
            } else {
                bySms.detail(RecoveryEvents.REASON, "sms_off").error(Errors.NOT_ALLOWED);
            }
        }
        return emails;
    }

    /** Where to sign in with the login: the application the recovery started from, else the account console. */
    private static String signInLink(KeycloakSession session, RealmModel realm, ClientModel client) {
        String base = client == null ? null : ResolveRelative.resolveRelativeUri(session, client.getRootUrl(), client.getBaseUrl());
        return base == null || base.isBlank()
                ? Urls.accountBase(session.getContext().getUri().getBaseUri()).build(realm.getName()).toString()
                : base;
    }

    /**
     * "No access to your email? Reset by phone": continues exactly as if the typed email or phone had been entered on
     * the identifier page with the SMS method, so what follows never depends on whether the birth date matched.
     */
    private static void continueByPhone(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        UsernameSettings settings = UsernameSettings.of(context.getAuthenticatorConfig());
        RecoveryState.of(authSession).identify(context.getSession(), context.getRealm(),
                authSession.getAuthNote(IDENTIFIER_NOTE), RecoveryEvents.METHOD_SMS, settings.phoneNumbers());
        context.clearUser();
        RecoveryEvents.step(context.getEvent(), EventType.RESET_PASSWORD, STEP)
                .detail(RecoveryEvents.METHOD, RecoveryEvents.METHOD_SMS).success();
        context.success();
    }

    private static Throttle.Key mismatchKey(RealmModel realm, String identifier) {
        return Throttle.key("username-birthdate-mismatch", realm.getId(), identifier);
    }

    private static RecoveryOption option(AuthenticationSessionModel authSession) {
        return RecoveryOption.parse(authSession.getAuthNote(RecoveryOption.NOTE)).orElse(RecoveryOption.USERNAME);
    }

    private static Response formPage(AuthenticationFlowContext context, MultivaluedMap<String, String> formData, Map<String, String> errors) {
        LoginFormsProvider form = common(context);
        Map<String, String> typed = new HashMap<>();
        if (formData != null) {
            for (String field : List.of(ForgotUsernameRequest.EMAIL, ForgotUsernameRequest.PHONE, ForgotUsernameRequest.BIRTHDATE)) {
                String value = formData.getFirst(field);
                typed.put(field, value == null ? "" : value.strip().substring(0, Math.min(value.strip().length(), MAX_REDISPLAY_LENGTH)));
            }
        }
        form.setAttribute("recoveryForm", typed);
        form.setAttribute("today", LocalDate.now().toString());
        errors.forEach((field, key) -> form.addError(new FormMessage(field, key)));
        Captcha.forForm(context).ifPresent(c -> c.addTo(form));
        return form.createForm(FORM);
    }

    private static Response sentPage(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        return common(context)
                .setAttribute("offerPhone", option(authSession) == RecoveryOption.BOTH)
                .setAttribute("phoneOnly", authSession.getAuthNote(PHONE_ONLY_NOTE) != null)
                .createForm(SENT_PAGE);
    }

    private static LoginFormsProvider common(AuthenticationFlowContext context) {
        return context.form()
                .setAttribute("recoveryOption", option(context.getAuthenticationSession()).value())
                .setAttribute("contactsUrl", PublicLinks.contacts(context.getSession(), context.getRealm()).toString());
    }
}
