package io.github.kcrecovery.state;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What the person forgot; the chooser stores it in the auth note {@value #NOTE} for the flow's conditions. */
public enum RecoveryOption {
    PASSWORD, USERNAME, BOTH;

    public static final String NOTE = "kcrecovery.option";
    public static final String FIELD = "recoveryOption";

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<RecoveryOption> parse(String value) {
        return Arrays.stream(values()).filter(o -> o.value().equals(value)).findFirst();
    }
}
