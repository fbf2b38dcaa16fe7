package io.github.kcrecovery.testing;

/** The forms of the recovery pages (CSS selectors) and where the recovery starts, for the tests and the benchmark. */
public final class RecoveryForms {

    /** Forgot password, login or both. */
    public static final String CHOOSER = "#kc-recovery-chooser-form";
    /** Username, email or phone number, and "by SMS" or "by email". */
    public static final String IDENTIFIER = "#kc-reset-password-form";
    /** The hidden digits of the masked number. */
    public static final String DIGITS = "#recovery-phone-digits-form";
    /** The SMS code. */
    public static final String CODE = "#recovery-sms-code-form";
    /** Keycloak's new-password page. */
    public static final String NEW_PASSWORD = "#kc-passwd-update-form";
    /** Forgot login: email or phone, and birth date. */
    public static final String USERNAME = "#kc-recovery-username-form";
    /** Forgot login answered: the same page whether anything was sent or not. */
    public static final String USERNAME_SENT = "#kc-recovery-username-sent";

    private RecoveryForms() {
    }

    /** The realm's "Forgot password?" link, relative to the server. */
    public static String resetUrl(String realm) {
        return "/realms/" + realm + "/login-actions/reset-credentials?client_id=account-console";
    }
}
