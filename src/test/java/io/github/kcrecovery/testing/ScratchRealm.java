package io.github.kcrecovery.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.TestEnvironment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A copy of the demo realm under another name, made from {@code realm-config/demo-realm.json} through the admin API,
 * for tests that exhaust limits (per IP, per realm) or break the SMTP settings: the limiter keys include the realm
 * id, so nothing they do is felt by the tests that share the server and use {@code demo}.
 */
public final class ScratchRealm {

    private static final Pattern SMTP_PORT = Pattern.compile("\\$\\{RECOVERY_SMTP_PORT:[^}]*}");
    private static final Pattern SMTP_HOST = Pattern.compile("\\$\\{RECOVERY_SMTP_HOST:[^}]*}");
    // other ${NAME:default} placeholders get their default, as the file import gives them without the variable
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[A-Z][A-Z0-9_]*:([^}]*)}");

    private ScratchRealm() {
    }

    /** (Re)creates realm {@code name} as a copy of demo, with mail to the test mail sink and the captcha off. */
    public static void create(TestEnvironment env, String name) {
        AdminClient admin = env.admin();
        admin.delete("/admin/realms/" + name);
        String json = read(Path.of(System.getProperty("realm.config.dir"), "demo-realm.json"));
        json = SMTP_PORT.matcher(json).replaceAll(String.valueOf(env.mail().port()));
        json = SMTP_HOST.matcher(json).replaceAll("127.0.0.1");
        json = PLACEHOLDER.matcher(json).replaceAll(m -> Matcher.quoteReplacement(m.group(1)));
        try {
            ObjectNode realm = (ObjectNode) AdminClient.JSON.readTree(json);
            realm.put("realm", name);
            disableCaptcha(realm);
            AdminClient.Response created = admin.post("/admin/realms", realm);
            if (created.status() != 201) {
                throw new IllegalStateException("creating realm " + name + ": " + created);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A test driver cannot read the picture; the captcha has ITs of its own (CaptchaIT, PhoneRecoveryIT). */
    private static void disableCaptcha(ObjectNode realm) {
        for (JsonNode flow : realm.path("authenticationFlows")) {
            for (JsonNode execution : flow.path("authenticationExecutions")) {
                if ("recovery-captcha".equals(execution.path("authenticator").asText())) {
                    ((ObjectNode) execution).put("requirement", "DISABLED");
                }
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
