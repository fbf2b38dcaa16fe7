package io.github.kcrecovery.testing;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test of the version smoke set: the pom runs the tests marked so also on each older served Keycloak version
 * (one server start per version). The set: every path's happy case and one decoy, the contacts page, the admin
 * SMS link and the console pages.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(Smoke.TAG)
public @interface Smoke {
    String TAG = "smoke";
}
