package io.github.kcrecovery.state;

import io.github.kcrecovery.phone.ConfirmedPhone;
import static io.github.kcrecovery.event.RecoveryEvents.METHOD_EMAIL;
import static io.github.kcrecovery.event.RecoveryEvents.METHOD_SMS;
import io.github.kcrecovery.phone.PhoneNumbers;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.core.UriInfo;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.broker.AbstractIdpAuthenticator;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.locale.LocaleSelectorProvider;
import org.keycloak.models.Constants;
import org.keycloak.models.DefaultActionTokenKey;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.LoginActionsService;
import org.keycloak.services.util.LocaleUtil;
import org.keycloak.sessions.AuthenticationSessionModel;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What one recovery carries from page to page, kept in the notes of its authentication session (so it is bound to
 * the browser tab and shared by the cluster): what was typed, which accounts it points at, which number the pages
 * show (real or decoy, decided once in {@link #identify}), where a code may go, and whether one went. Steps ask this
 * class; none reads another step's notes.
 * <p>
 * What the pages show is derived from the typed text only: a typed phone number is shown as typed (real or not),
 * anything else shows either the one account's confirmed number or a decoy computed from the typed text.
 */
public final class RecoveryState {

    /** email or sms; the flow's auth-note conditions read this note by name (realm config). */
    public static final String METHOD_NOTE = "kcrecovery.method";
    /** Set once the right SMS code was entered; the password-changed notice looks for it. */
    public static final String CODE_VERIFIED_NOTE = "kcrecovery.sms.verified";

    private static final String IDENTIFIER = "kcrecovery.identifier";
    private static final String IDENTIFIER_IS_PHONE = "kcrecovery.identifier.phone";
    private static final String ACCOUNTS = "kcrecovery.accounts";
    private static final String NUMBER = "kcrecovery.number";
    private static final String NUMBER_REAL = "kcrecovery.number.real";
    private static final String SEND_TO = "kcrecovery.sendTo";
    private static final String CODE_SENT = "kcrecovery.codeSent";
    private static final String CODE_PAGE_SHOWN = "kcrecovery.codePage";
    private static final List<String> RECOVERY_NOTES = List.of(IDENTIFIER, IDENTIFIER_IS_PHONE, ACCOUNTS, NUMBER,
            NUMBER_REAL, SEND_TO, CODE_SENT, CODE_PAGE_SHOWN, CODE_VERIFIED_NOTE,
            AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME);
    /** More accounts behind one phone number than any family has: the rest are ignored. */
    private static final int MAX_ACCOUNTS = 20;

    private final AuthenticationSessionModel notes;

    private RecoveryState(AuthenticationSessionModel notes) {
        this.notes = notes;
    }

    public static RecoveryState of(AuthenticationSessionModel authSession) {
        return new RecoveryState(authSession);
    }

    /**
     * Starts the recovery over from what the person typed: finds the accounts it points at and decides, once, the
     * number the pages will show. Username first, then email, then confirmed phone; an email shared by several
     * accounts finds none, a phone number finds every account that confirmed it (siblings share a parent's phone).
     *
     * @return the enabled accounts found (as {@link #accounts} will return them)
     */
    public List<UserModel> identify(KeycloakSession session, RealmModel realm, String typed, String method, PhoneNumbers phoneNumbers) {
        RECOVERY_NOTES.forEach(notes::removeAuthNote);
        notes.setAuthNote(METHOD_NOTE, METHOD_SMS.equals(method) ? METHOD_SMS : METHOD_EMAIL);
        Optional<String> phone = phoneNumbers.toE164(typed);
        String identifier = phone.orElse(typed.toLowerCase(Locale.ROOT));
        notes.setAuthNote(IDENTIFIER, identifier);

        List<UserModel> accounts;
        String number;
        boolean real;
        if (phone.isPresent() && METHOD_SMS.equals(method)) {
            // the person knows every digit: the number is shown as typed, real or not
            accounts = session.users().searchForUserByUserAttributeStream(realm, ConfirmedPhone.PHONE, phone.get())
                    .filter(u -> u.isEnabled() && ConfirmedPhone.of(u).filter(phone.get()::equals).isPresent())
                    .limit(MAX_ACCOUNTS).toList();
            notes.setAuthNote(IDENTIFIER_IS_PHONE, "true");
            number = phone.get();
            real = !accounts.isEmpty();
        } else {
            accounts = Optional.ofNullable(findOne(session, realm, typed, phone)).filter(UserModel::isEnabled).stream().toList();
            Optional<String> confirmed = accounts.stream().findFirst().flatMap(ConfirmedPhone::of);
            number = confirmed.orElseGet(() -> phoneNumbers.decoy(decoySeed(session, realm, identifier)));
            real = confirmed.isPresent();
        }
        // a lambda, not UserModel::getId: that reference compiles to Model.getId, an interface Keycloak 26.4 lacks
        notes.setAuthNote(ACCOUNTS, String.join(" ", accounts.stream().map(user -> user.getId()).toList()));
        notes.setAuthNote(NUMBER, number);
        if (real) {
            notes.setAuthNote(NUMBER_REAL, "true");
        }
        if (real && phone.isPresent() && METHOD_SMS.equals(method)) {
            notes.setAuthNote(SEND_TO, number);
        }
        return accounts;
    }

    /**
     * Whether this flow is the replay of an emailed reset link (Keycloak's action token, {@code ACTION_TOKEN_USER}
     * note): then the account is the link's, set on the flow, and the recovery goes on by the email path without a
     * page.
     */
    public static boolean resumedByResetLink(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String userId = authSession.getAuthNote(DefaultActionTokenKey.ACTION_TOKEN_USER_ID);
        if (userId == null) {
            return false;
        }
        context.setUser(context.getSession().users().getUserById(context.getRealm(), userId));
        authSession.setAuthNote(METHOD_NOTE, METHOD_EMAIL);
        return true;
    }

    /**
     * Starts the recovery over when the person enters it anew while one is under way in this browser tab: Keycloak's
     * "Forgot Password?" link (on the login page, also after "&laquo; Back to Login") arrives as a GET of
     * reset-credentials without an execution, which no page of a recovery under way sends, and finds the step whose
     * page was shown last. Keycloak's own flow reset then drops this state with every other note and the progress of
     * every step, and the flow begins again at the chooser; only the language the person chose is carried over.
     * Steps that show a page call this first.
     *
     * @return true when the flow restarts: the step must do nothing else
     */
    public static boolean restartIfEnteredAgain(AuthenticationFlowContext context) {
        if (!enteredAgain(context)) {
            return false;
        }
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String language = authSession.getAuthNote(LocaleSelectorProvider.USER_REQUEST_LOCALE);
        context.resetFlow(() -> {
            if (language != null) {
                authSession.setAuthNote(LocaleSelectorProvider.USER_REQUEST_LOCALE, language);
            }
        });
        return true;
    }

    private static boolean enteredAgain(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        UriInfo uri = context.getUriInfo();
        return HttpMethod.GET.equals(context.getHttpRequest().getHttpMethod())
                && uri.getPath().endsWith("/" + LoginActionsService.RESET_CREDENTIALS_PATH)
                && uri.getQueryParameters().getFirst(Constants.EXECUTION) == null
                // this step's page was shown in an earlier request (not just reached by a fresh or restarted flow)
                && authSession.getExecutionStatus().get(context.getExecution().getId()) == AuthenticationSessionModel.ExecutionStatus.CHALLENGED
                // a replayed reset link, and first broker login, keep what their notes carry
                && authSession.getAuthNote(DefaultActionTokenKey.ACTION_TOKEN_USER_ID) == null
                && authSession.getAuthNote(AbstractIdpAuthenticator.EXISTING_USER_INFO) == null;
    }

    /**
     * Keeps the language the person chose for every page of the recovery, and for the mails and SMS it sends, also
     * once the flow knows the account (whose own language Keycloak otherwise prefers). Keycloak's note for a language
     * the person picked ({@code kc_locale}: the language switch) outranks the account's. Keycloak sets it on its login
     * and reset-credentials pages but not when a link opens a new session in another browser: our links carry the
     * language of their message, taken here. An application's {@code ui_locales} is only a client note, which the
     * account's language outranks: at the start of a recovery it becomes that note too. As after Keycloak's language
     * switch, an account that completes the recovery keeps the language as its own.
     */
    public void keepChosenLanguage(KeycloakSession session) {
        RealmModel realm = session.getContext().getRealm();
        String requested = session.getContext().getUri().getQueryParameters().getFirst(LocaleSelectorProvider.KC_LOCALE_PARAM);
        // only a language of the realm: Keycloak copies the value into a cookie as it is
        if (requested != null && realm.getSupportedLocalesStream().anyMatch(requested::equals)) {
            LocaleUtil.processLocaleParam(session, realm, notes);
        }
        if (notes.getAuthNote(LocaleSelectorProvider.USER_REQUEST_LOCALE) == null
                && notes.getClientNote(LocaleSelectorProvider.CLIENT_REQUEST_LOCALE) != null) {
            // no account known yet: the client's request (else the cookie or the browser) decides, as on the page
            notes.setAuthNote(LocaleSelectorProvider.USER_REQUEST_LOCALE, session.getContext().resolveLocale(null).toLanguageTag());
        }
    }

    /**
     * Keycloak's fork (the "email sent" answer on the login page) starts a new authentication session that keeps only
     * the client notes: the chosen language goes along as the language the client asked for, which outranks the
     * cookie and the browser there (no account is known on that page).
     */
    public void keepLanguageAcrossFork() {
        String chosen = notes.getAuthNote(LocaleSelectorProvider.USER_REQUEST_LOCALE);
        if (chosen != null) {
            notes.setClientNote(LocaleSelectorProvider.CLIENT_REQUEST_LOCALE, chosen);
        }
    }

    public String method() {
        return Objects.requireNonNullElse(notes.getAuthNote(METHOD_NOTE), METHOD_EMAIL);
    }

    /** The normalized typed identifier (E.164 for a phone number); empty before {@link #identify}. */
    public String identifier() {
        return Objects.requireNonNullElse(notes.getAuthNote(IDENTIFIER), "");
    }

    /** Whether the identifier was a phone number, so there are no hidden digits left to ask for. */
    public boolean identifierIsPhone() {
        return notes.getAuthNote(IDENTIFIER_IS_PHONE) != null;
    }

    /** The enabled accounts behind the identifier: none, one, or (for a phone number) several. */
    public List<UserModel> accounts(KeycloakSession session, RealmModel realm) {
        String ids = notes.getAuthNote(ACCOUNTS);
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(ids.split(" ")).map(id -> session.users().getUserById(realm, id))
                .filter(u -> u != null && u.isEnabled()).toList();
    }

    /** The one account, when the identifier points at exactly one. */
    public Optional<UserModel> account(KeycloakSession session, RealmModel realm) {
        List<UserModel> accounts = accounts(session, realm);
        return accounts.size() == 1 ? Optional.of(accounts.get(0)) : Optional.empty();
    }

    /** The number the pages show (E.164): the account's confirmed one, the typed one, or a decoy. */
    public String shownNumber() {
        return notes.getAuthNote(NUMBER);
    }

    public String maskedNumber() {
        String number = shownNumber();
        return number == null ? null : PhoneNumbers.mask(number);
    }

    /** Whether the shown number is confirmed on the account(s), i.e. a code may go there once proven. */
    public boolean shownNumberIsReal() {
        return notes.getAuthNote(NUMBER_REAL) != null;
    }

    /** The typed hidden digits matched the real number: the code may go there. */
    public void digitsMatched() {
        if (shownNumberIsReal()) {
            notes.setAuthNote(SEND_TO, shownNumber());
        }
    }

    public void digitsMismatched() {
        notes.removeAuthNote(SEND_TO);
    }

    /**
     * "Change the digits" on the code page: the digits are asked again. Until they match nothing may be sent, and the
     * next visit of the code page sends a code again (within the recovery's limits, which stay as they are).
     */
    public void digitsToBeTypedAgain() {
        notes.removeAuthNote(SEND_TO);
        notes.removeAuthNote(CODE_PAGE_SHOWN);
    }

    /** Where the code may go; empty for decoys and wrong digits. */
    public Optional<String> sendTo() {
        return Optional.ofNullable(notes.getAuthNote(SEND_TO));
    }

    /**
     * True the first time the code page is reached in this recovery (that is when the first code goes out), false
     * on reloads.
     */
    public boolean firstCodePageVisit() {
        if (notes.getAuthNote(CODE_PAGE_SHOWN) != null) {
            return false;
        }
        notes.setAuthNote(CODE_PAGE_SHOWN, "true");
        return true;
    }

    /**
     * A code really went to the accounts' number. From now on wrong codes count against the account in Keycloak's
     * brute-force detector, which finds it through {@code ATTEMPTED_USERNAME}.
     */
    public void codeSent(KeycloakSession session, RealmModel realm) {
        notes.setAuthNote(CODE_SENT, "true");
        account(session, realm).ifPresent(u -> notes.setAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME, u.getUsername()));
    }

    public boolean wasCodeSent() {
        return notes.getAuthNote(CODE_SENT) != null && sendTo().isPresent();
    }

    public void codeVerified() {
        notes.setAuthNote(CODE_VERIFIED_NOTE, "true");
    }

    public boolean isCodeVerified() {
        return notes.getAuthNote(CODE_VERIFIED_NOTE) != null && wasCodeSent();
    }

    /**
     * HMAC of the identifier under the realm's active HMAC key: the same decoy on every node and after restarts, and
     * not computable by someone who lacks the key.
     */
    private static byte[] decoySeed(KeycloakSession session, RealmModel realm, String identifier) {
        KeyWrapper key = session.keys().getActiveKey(realm, KeyUse.SIG, Algorithm.HS512);
        byte[] secret = key != null && key.getSecretKey() != null ? key.getSecretKey().getEncoded()
                : realm.getId().getBytes(StandardCharsets.UTF_8);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal((realm.getId() + "\u0000id:" + identifier).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Username first, then email, then confirmed phone; an identifier shared by several accounts finds none. Email is
     * looked up even when the realm does not allow logging in with it (Keycloak turns that off in realms that allow
     * duplicate emails): the identifier page asks for an email explicitly.
     */
    private static UserModel findOne(KeycloakSession session, RealmModel realm, String typed, Optional<String> phone) {
        UserModel user = session.users().getUserByUsername(realm, typed);
        if (user != null) {
            return user;
        }
        if (typed.contains("@")) {
            try {
                return session.users().getUserByEmail(realm, typed.toLowerCase(Locale.ROOT));
            } catch (ModelDuplicateException e) {
                return null;
            }
        }
        List<UserModel> found = phone.stream().flatMap(e164 -> session.users()
                        .searchForUserByUserAttributeStream(realm, ConfirmedPhone.PHONE, e164)
                        .filter(u -> ConfirmedPhone.of(u).isPresent()).limit(2)).toList();
        return found.size() == 1 ? found.get(0) : null;
    }
}
