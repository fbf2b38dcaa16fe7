package io.github.kcrecovery.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Programs outside the JDK and Maven that some integration tests drive, looked up on the PATH (or on
 * {@code -Dit.tools.path}, a PATH-like list, to try the skip rule without uninstalling anything).
 * See {@link RequiresTools}.
 */
public enum Tool {
    CHROMIUM("chromium chromium-driver", "chromium", "chromedriver"),
    POSTGRESQL("postgresql-15, then PATH=/usr/lib/postgresql/15/bin:$PATH", "initdb", "pg_ctl", "psql"),
    NPM("npm", "npm", "node");

    private final String debianPackages;
    private final List<String> commands;

    Tool(String debianPackages, String... commands) {
        this.debianPackages = debianPackages;
        this.commands = List.of(commands);
    }

    /** What to install on Debian or Ubuntu. */
    public String debianPackages() {
        return debianPackages;
    }

    /** The commands of this tool that are not on the PATH. */
    List<String> missingCommands() {
        return commands.stream().filter(command -> find(command).isEmpty()).toList();
    }

    /** The executable of one of this tool's commands. */
    public Path command(String name) {
        if (!commands.contains(name)) {
            throw new IllegalArgumentException(name + " is not a command of " + this);
        }
        return find(name).orElseThrow(() -> new IllegalStateException(name + " is not on the PATH: install " + debianPackages));
    }

    private static Optional<Path> find(String command) {
        String searchPath = System.getProperty("it.tools.path", System.getenv().getOrDefault("PATH", ""));
        return Stream.of(searchPath.split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, command))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
