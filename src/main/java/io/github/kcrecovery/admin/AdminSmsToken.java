package io.github.kcrecovery.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.keycloak.authentication.actiontoken.DefaultActionToken;

/**
 * The password link an admin sends by SMS. Its own type, not Keycloak's execute-actions token, whose handler marks
 * the email verified. It carries a digest of the phone it was sent to, so a link dies when that number changes.
 */
public class AdminSmsToken extends DefaultActionToken {

    public static final String TOKEN_TYPE = "recovery-admin-sms";
    private static final String JSON_FIELD_PHONE_DIGEST = "phd";

    @JsonProperty(JSON_FIELD_PHONE_DIGEST)
    private String phoneDigest;

    public AdminSmsToken(String userId, int absoluteExpirationInSecs, String clientId, String phoneDigest) {
        super(userId, TOKEN_TYPE, absoluteExpirationInSecs, null);
        this.issuedFor = clientId;
        this.phoneDigest = phoneDigest;
    }

    private AdminSmsToken() {
        // for Jackson
    }

    public String getPhoneDigest() {
        return phoneDigest;
    }
}
