package io.github.kcrecovery.phonerecovery;

import io.github.kcrecovery.links.PublicLinks;
import io.github.kcrecovery.event.RecoveryEvents;
import io.github.kcrecovery.flow.RecoveryStep;
import io.github.kcrecovery.phone.PhoneNumbers;
import io.github.kcrecovery.state.RecoveryState;
import io.github.kcrecovery.throttle.Throttle;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.utils.FormMessage;

import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Optional;

/**
 * The masked-phone page: shows the number the {@link RecoveryState} chose (the account's confirmed number, or a
 * decoy derived from the typed identifier) with only the last digits visible and asks for the hidden ones. Only a
 * match on a real number lets the next step send an SMS; anything else moves on to the same next page with nothing
 * sent. A typed phone number skips this page.
 */
final class RecoveryPhoneDigits implements RecoveryStep {

    public static final String FIELD = "phoneDigits";
    private static final Duration DAY = Duration.ofDays(1);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        if (RecoveryState.restartIfEnteredAgain(context)) {
            return;
        }
        if (RecoveryState.of(context.getAuthenticationSession()).identifierIsPhone()) {
            // a typed phone number leaves no hidden digits to ask for, whether it is confirmed anywhere or not
            context.success();
            return;
        }
        context.challenge(page(context, null));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        RecoveryState state = RecoveryState.of(context.getAuthenticationSession());
        String shown = state.shownNumber();
        String typed = context.getHttpRequest().getDecodedFormParameters().getFirst(FIELD);
        String digits = typed == null ? "" : typed.replaceAll("[\\s\\-()]", "");
        if (digits.isEmpty() || digits.length() > 20 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
                || digits.length() != PhoneNumbers.hiddenDigitCount(shown)) {
            context.challenge(page(context, "recoveryPhoneDigitsInvalid"));
            return;
        }
        PhoneRecoverySettings settings = PhoneRecoverySettings.of(context.getAuthenticatorConfig());
        Throttle throttle = Throttle.of(context.getSession());
        // the guess takes a slot of the number's daily allowance BEFORE it is compared, so parallel guesses cannot all
        // be compared; a right guess gives its slot back
        Optional<Throttle.Claim> claim = throttle.claim(Throttle.key("digit-mismatch", context.getRealm().getId(), shown),
                settings.maxDigitMismatches(), DAY);
        boolean match = claim.isPresent() && state.shownNumberIsReal() && PhoneNumbers.matchesHiddenDigits(shown, digits);

        EventBuilder event = RecoveryEvents.step(context.getEvent(), EventType.RESET_PASSWORD, "phone_digits")
                .detail(RecoveryEvents.METHOD, RecoveryEvents.METHOD_SMS)
                .detail(RecoveryEvents.MASKED_PHONE, state.maskedNumber())
                .user(state.account(context.getSession(), context.getRealm()).orElse(null));
        if (match) {
            throttle.release(claim.get());
            state.digitsMatched();
            event.success();
        } else {
            state.digitsMismatched();
            event.detail(RecoveryEvents.REASON, claim.isEmpty() ? "mismatch_limit" : state.shownNumberIsReal() ? "digits_mismatch" : "decoy")
                    .error(Errors.INVALID_USER_CREDENTIALS);
        }
        context.success();
    }

    private static Response page(AuthenticationFlowContext context, String errorKey) {
        RecoveryState state = RecoveryState.of(context.getAuthenticationSession());
        var form = context.form()
                .setAttribute("maskedPhone", state.maskedNumber())
                .setAttribute("hiddenDigitCount", PhoneNumbers.hiddenDigitCount(state.shownNumber()))
                .setAttribute("contactsUrl", PublicLinks.contacts(context.getSession(), context.getRealm()).toString());
        if (errorKey != null) {
            form.addError(new FormMessage(FIELD, errorKey));
        }
        return form.createForm("recovery-phone-digits.ftl");
    }
}
