package io.tenet.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through its chromium-driver (WebDriver), as the console tests and the console
 * benchmark use it: no download, no sandbox (root), no network beyond what the page asks for, a fresh profile.
 */
public final class Browser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    /** Selenium warns at every start that it has no DevTools protocol of Debian's Chromium version; none is used. */
    private static final java.util.logging.Logger DEVTOOLS = java.util.logging.Logger.getLogger(
            "org.openqa.selenium.devtools");
    private final ChromeDriver driver;
    private final Path profile;

    public Browser(Path dir) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            throw new IllegalStateException("no " + CHROMIUM + " or " + DRIVER + "; run scripts/install-deps.sh"
                    + " (Debian's chromium and chromium-driver)");
        }
        try {
            profile = Files.createTempDirectory(dir, "chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        DEVTOOLS.setLevel(java.util.logging.Level.SEVERE);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    public ChromeDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    /** The first element matching a CSS selector, or null. */
    public WebElement find(String css) {
        var found = driver.findElements(By.cssSelector(css));
        return found.isEmpty() ? null : found.get(0);
    }

    public java.util.List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Polls a condition on the page; a page being redrawn under it (an element gone or not yet there) is not yet. */
    public void require(Duration timeout, String what, BooleanSupplier condition) {
        Poll.require(timeout, what, () -> {
            try {
                return condition.getAsBoolean();
            } catch (WebDriverException | NullPointerException e) {
                return false;
            }
        });
    }

    /** Waits until the console has drawn {@code page} with its data ({@code main[data-ready]}). */
    public void awaitPage(String page) {
        require(Duration.ofSeconds(20), "console page " + page, () -> {
            WebElement main = find("main#page");
            return main != null && page.equals(main.getAttribute("data-ready"));
        });
    }

    /** Saves a screenshot of the page as {@code <dir>/<name>.png}. */
    public Path screenshot(Path dir, String name) {
        try {
            Files.createDirectories(dir);
            Path out = dir.resolve(name + ".png");
            Files.move(driver.getScreenshotAs(OutputType.FILE).toPath(), out, StandardCopyOption.REPLACE_EXISTING);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Evaluates a script in the page. */
    public Object script(String js, Object... args) {
        return driver.executeScript(js, args);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } catch (WebDriverException e) {
            // the browser is gone already
        }
        Sh.run("rm", "-rf", profile.toString());
    }
}
