package io.github.kcrecovery.testing;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Headless Chromium for the browser tests (classes marked {@code @RequiresTools(Tool.CHROMIUM)}): the system's
 * browser and driver from the PATH, so Selenium Manager never downloads anything; a fresh profile under
 * {@code target/it-output}; screenshots into {@code target/it-output/screenshots}.
 */
public final class Chromium {

    private Chromium() {
    }

    public static ChromeDriver start(int width, int height) {
        try {
            Path profile = Files.createTempDirectory(Files.createDirectories(outputDir()), "chromium-profile");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(Tool.CHROMIUM.command("chromium").toFile());
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--window-size=" + width + "," + height, "--user-data-dir=" + profile);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(Tool.CHROMIUM.command("chromedriver").toFile()).build();
            return new ChromeDriver(service, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves what the browser shows as {@code screenshots/<name>.png}. */
    public static void screenshot(WebDriver driver, String name) {
        try {
            Path dir = Files.createDirectories(outputDir().resolve("screenshots"));
            Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), dir.resolve(name + ".png"),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path outputDir() {
        return Path.of(System.getProperty("test.output.dir", "target/it-output"));
    }
}
