package io.github.kcrecovery.testing;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class that needs programs beyond the JDK and Maven. Without them it is skipped with one line naming the
 * Debian packages to install, as Testcontainers skips without Docker; with {@code -Dit.requireAllTools=true}
 * (set by {@code .ci/run}) a missing program fails the class instead, so CI always runs it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ToolCheck.class)
public @interface RequiresTools {
    Tool[] value();
}
