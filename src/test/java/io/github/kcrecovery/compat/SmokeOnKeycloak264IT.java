package io.github.kcrecovery.compat;

import io.github.kcrecovery.testing.Smoke;
import io.github.kcrecovery.testing.TestEnvironment;
import org.junit.platform.suite.api.AfterSuite;
import org.junit.platform.suite.api.BeforeSuite;
import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.IncludeTags;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;

/**
 * The smoke set (the tests marked {@link Smoke}) on the served Keycloak 26.4 line, pom property
 * {@code keycloak.264.version}: the same jar on its own server, started when the suite begins and stopped when it
 * ends. A suite among the other integration test classes, so it runs beside them in the other test JVM.
 */
@Suite
@IncludeEngines("junit-jupiter")
@SelectPackages("io.github.kcrecovery")
@IncludeClassNamePatterns(".*IT")
@IncludeTags(Smoke.TAG)
class SmokeOnKeycloak264IT {

    @BeforeSuite
    static void onKeycloak264() {
        TestEnvironment.useServedVersion("264");
    }

    @AfterSuite
    static void backToTheBuiltAgainstVersion() {
        TestEnvironment.backToLatest();
    }
}
