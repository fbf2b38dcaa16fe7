package io.github.kcrecovery.testing;

import com.fasterxml.jackson.databind.JsonNode;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The axe-core accessibility engine (npm package {@code axe-core}, the version the pom names), installed by npm into
 * {@code target/npm} on first use and injected into the page under test. For classes marked
 * {@code @RequiresTools({Tool.CHROMIUM, Tool.NPM})}.
 */
public final class Axe {

    private static final List<String> IMPACTS = List.of("critical", "serious", "moderate", "minor");
    private static String source;

    private Axe() {
    }

    /**
     * Runs axe on the page the browser shows, prints one line per page (violations by impact, with the rule ids)
     * and returns the serious and critical violations, each as "rule: element selectors".
     *
     * @param within a CSS selector to check only that part of the page, or null for the whole document
     */
    public static List<String> check(WebDriver driver, String page, String within) {
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        String json = (String) ((JavascriptExecutor) driver).executeAsyncScript(script()
                + "\nconst done = arguments[arguments.length - 1];"
                + "axe.run(arguments[0] ? {include: [arguments[0]]} : document, {resultTypes: ['violations']})"
                + ".then(r => done(JSON.stringify(r.violations)), e => done(JSON.stringify({error: String(e)})));", within);
        try {
            JsonNode violations = AdminClient.JSON.readTree(json);
            if (violations.has("error")) {
                throw new IllegalStateException("axe-core failed on " + page + ": " + violations.path("error").asText());
            }
            StringBuilder line = new StringBuilder("axe-core " + version() + " " + page + ":");
            List<String> blocking = new ArrayList<>();
            for (String impact : IMPACTS) {
                List<String> ids = new ArrayList<>();
                for (JsonNode violation : violations) {
                    if (impact.equals(violation.path("impact").asText())) {
                        ids.add(violation.path("id").asText());
                        if (IMPACTS.indexOf(impact) < 2) {
                            List<String> targets = new ArrayList<>();
                            violation.path("nodes").forEach(n -> targets.add(n.path("target").toString()));
                            blocking.add(violation.path("id").asText() + ": " + String.join(" ", targets));
                        }
                    }
                }
                line.append(' ').append(impact).append(' ').append(ids.size()).append(ids.isEmpty() ? "" : " " + ids);
            }
            System.out.println(line);
            return blocking;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String version() {
        return System.getProperty("axe-core.version", "4.11.1");
    }

    private static synchronized String script() {
        if (source == null) {
            Path prefix = Path.of(System.getProperty("npm.dir", "target/npm"));
            Path axe = prefix.resolve("node_modules/axe-core/axe.min.js");
            try {
                if (!Files.isRegularFile(axe) || !Files.readString(axe.resolveSibling("package.json"))
                        .contains("\"version\": \"" + version() + "\"")) {
                    install(prefix);
                }
                source = Files.readString(axe, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return source;
    }

    private static void install(Path prefix) throws IOException {
        Files.createDirectories(prefix);
        Process npm = new ProcessBuilder(Tool.NPM.command("npm").toString(), "install", "--prefix", prefix.toString(),
                "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--ignore-scripts", "axe-core@" + version())
                .redirectErrorStream(true).start();
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
                throw new IllegalStateException("npm install axe-core@" + version() + " failed:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
