package io.github.kcrecovery.captcha;

import io.github.kcrecovery.code.OneTimeCodes;
import io.github.kcrecovery.throttle.ClientKeys;
import io.github.kcrecovery.throttle.Throttle;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import jakarta.ws.rs.core.MultivaluedMap;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The captcha of a recovery form. A form authenticator asks {@link #forForm} whether the admin put an enabled
 * {@code recovery-captcha} execution into the same sub-flow; if so it shows the challenge on its own page
 * ({@link #addTo}, template macro {@code recovery-captcha.ftl}) and checks the answer with {@link #verify}
 * before doing anything else. Proof-of-work challenges are signed and carry their expiry; a solved one is
 * remembered cluster-wide until it expires, so it is accepted once. Image answers live hashed in the auth
 * session (the one-time-code store), are single use and expire; site-verify tokens are checked with the
 * provider and remembered cluster-wide so a token is never accepted twice.
 */
public final class Captcha {

    public static final String ANSWER_FIELD = "captchaAnswer";
    /** Name of the "new picture" button: the form comes back with a fresh challenge and no error. */
    public static final String REFRESH_FIELD = "captchaRefresh";
    static final String PURPOSE = "kcrecovery.captcha";
    private static final int MAX_TOKEN_LENGTH = 8192;
    private static final long TOKEN_MEMORY_SECONDS = 600;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeycloakSession session;
    private final RealmModel realm;
    private final OneTimeCodes answers;
    private final CaptchaSettings settings;
    private final SiteVerify siteVerify;

    private Captcha(AuthenticationFlowContext context, CaptchaSettings settings, SiteVerify siteVerify) {
        this.session = context.getSession();
        this.realm = context.getRealm();
        this.answers = new OneTimeCodes(OneTimeCodes.Notes.of(context.getAuthenticationSession()), PURPOSE);
        this.settings = settings;
        this.siteVerify = siteVerify;
    }

    /** The captcha configured for the sub-flow of the current execution, or empty when there is none or it is disabled. */
    public static Optional<Captcha> forForm(AuthenticationFlowContext context) {
        RealmModel realm = context.getRealm();
        return realm.getAuthenticationExecutionsStream(context.getExecution().getParentFlow())
                .filter(e -> RecoveryCaptchaFactory.PROVIDER_ID.equals(e.getAuthenticator()) && !e.isDisabled())
                .findFirst()
                .map(e -> new Captcha(context, CaptchaSettings.of(config(realm, e)), siteVerify(context.getSession())));
    }

    public static boolean refreshRequested(MultivaluedMap<String, String> formData) {
        return formData.containsKey(REFRESH_FIELD);
    }

    /** Puts a fresh challenge on the page (a new picture replaces and voids the previous one). */
    public LoginFormsProvider addTo(LoginFormsProvider form) {
        CaptchaSettings.Mode mode = settings.mode();
        Map<String, Object> bean = new HashMap<>();
        bean.put("mode", mode.value());
        if (mode == CaptchaSettings.Mode.ALTCHA) {
            bean.put("challenge", ProofOfWork.forRealm(session, realm).challengeJson(settings.difficulty(), settings.answerLife()));
            bean.put("field", ProofOfWork.FIELD);
        } else if (mode == CaptchaSettings.Mode.IMAGE) {
            String digits = issue(answers, settings);
            bean.put("image", DigitPicture.dataUri(DigitPicture.png(digits, RANDOM)));
            bean.put("width", DigitPicture.width(digits.length()));
            bean.put("height", DigitPicture.HEIGHT);
        } else {
            bean.put("siteKey", settings.siteKey());
            bean.put("widgetClass", mode.widgetClass);
            form.addScript(mode.scriptUrl);
        }
        return form.setAttribute("captcha", bean);
    }

    /** Whether the form carries the right answer to the challenge last shown; that challenge is used up either way. */
    public boolean verify(MultivaluedMap<String, String> formData) {
        CaptchaSettings.Mode mode = settings.mode();
        if (mode == CaptchaSettings.Mode.ALTCHA) {
            return ProofOfWork.forRealm(session, realm).verify(formData.getFirst(ProofOfWork.FIELD))
                    .filter(solved -> firstUse("altcha:" + solved.signature(),
                            solved.expiresAt() - System.currentTimeMillis() / 1000 + 1))
                    .isPresent();
        }
        if (mode == CaptchaSettings.Mode.IMAGE) {
            return check(answers, formData.getFirst(ANSWER_FIELD));
        }
        String token = formData.getFirst(mode.responseField);
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_LENGTH) {
            return false;
        }
        // remembered only once the provider accepted it (a refused one would be a store entry per scripted request);
        // accepted once, whatever the provider would say about a second use: the atomic claim lets one request through
        return siteVerify.verify(settings.verifyUrl(), settings.secret(), token,
                ClientKeys.address(session.getContext().getConnection()))
                && firstUse(Throttle.digest(token), TOKEN_MEMORY_SECONDS);
    }

    /** Records an answer cluster-wide for as long as it could be valid; false when it was used before. */
    private boolean firstUse(String answerKey, long lifespanSeconds) {
        return session.singleUseObjects().putIfAbsent("kcrecovery:captcha:" + answerKey, Math.max(1, lifespanSeconds));
    }

    /** A new picture's digits; the previous picture's answer is gone. */
    static String issue(OneTimeCodes answers, CaptchaSettings settings) {
        return answers.issue(settings.digits(), settings.answerLife());
    }

    /**
     * Right answer to a live picture. Right or wrong, the picture is used up: one guess per picture, and a
     * replayed form finds no answer left. Failures are not capped here: each guess costs a new picture.
     */
    static boolean check(OneTimeCodes answers, String typed) {
        boolean valid = typed != null && !typed.isBlank()
                && answers.verify(typed.trim(), Integer.MAX_VALUE) == OneTimeCodes.Result.VALID;
        answers.discard();
        return valid;
    }

    private static Map<String, String> config(RealmModel realm, AuthenticationExecutionModel execution) {
        if (execution.getAuthenticatorConfig() == null) {
            return Map.of();
        }
        AuthenticatorConfigModel config = realm.getAuthenticatorConfigById(execution.getAuthenticatorConfig());
        return config == null ? Map.of() : config.getConfig();
    }

    private static SiteVerify siteVerify(KeycloakSession session) {
        return ((RecoveryCaptchaFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(Authenticator.class, RecoveryCaptchaFactory.PROVIDER_ID)).siteVerify();
    }
}
