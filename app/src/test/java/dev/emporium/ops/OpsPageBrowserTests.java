package dev.emporium.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emporium.account.AccountService;
import dev.emporium.account.Role;
import dev.emporium.support.TestTokens;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.jwt.JwtEncoder;

/**
 * The /ops page in a real browser: Debian's headless Chromium and chromedriver (installed by
 * {@code .ci/run}, never downloaded at test time) open the page on a running server, sign in as an
 * ADMIN, and wait until the charts have drawn non-empty series from live snapshots while requests
 * and scans (a location scan through the API per round) arrive; a screenshot is saved as {@code app/target/ops-page.png}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpsPageBrowserTests {

    static final List<String> CHARTS = List.of(
            "chart-rate", "chart-latency", "chart-errors", "chart-cache", "chart-pool", "chart-scans", "chart-views");

    @LocalServerPort
    int port;

    @Autowired
    AccountService accounts;

    @Autowired
    JwtEncoder tokens;

    @Test
    void anAdminSignsInAndEveryChartDrawsALiveSeries() throws Exception {
        String email = "ops-" + UUID.randomUUID() + "@example.test";
        String password = "ops-page-password-" + UUID.randomUUID();
        long admin = accounts.createUser(email, password, "Ops Admin", Role.ADMIN);
        String base = "http://127.0.0.1:" + port;
        // scans through the API (an ADMIN may scan): one parcel, scanned again where it lies each round
        String bearer = TestTokens.bearer(tokens, admin, "ADMIN");
        String parcel = "C-OPS"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(Locale.ROOT);
        HttpClient http = HttpClient.newHttpClient();

        ChromeOptions options = new ChromeOptions();
        options.setBinary(setting("EMPORIUM_CHROME_BIN", "/usr/bin/chromium"));
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1300");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(setting("EMPORIUM_CHROMEDRIVER", "/usr/bin/chromedriver")))
                .usingAnyFreePort()
                .build();
        WebDriver driver = new ChromeDriver(service, options);
        try {
            driver.get(base + "/ops");
            assertThat(driver.getCurrentUrl()).endsWith("/ops/index.html");
            driver.findElement(By.id("email")).sendKeys(email);
            driver.findElement(By.id("password")).sendKeys(password);
            driver.findElement(By.id("signin")).click();
            new WebDriverWait(driver, Duration.ofSeconds(90)).until(d -> {
                traffic(http, base);
                scan(http, base, bearer, parcel);
                return CHARTS.stream().allMatch(chart -> samples(d, chart) >= 8) && peak(d, "chart-scans") > 0;
            });
            for (String chart : CHARTS) {
                int series = stable(
                        () -> Integer.parseInt(driver.findElement(By.id(chart)).getDomAttribute("data-series")));
                assertThat(series).as(chart + " series").isPositive();
                String[] points = stable(() -> {
                    List<WebElement> lines = driver.findElement(By.id(chart)).findElements(By.tagName("polyline"));
                    return lines.isEmpty()
                            ? new String[0]
                            : lines.getFirst().getDomAttribute("points").split(" ");
                });
                assertThat(points).as(chart + " points").hasSizeGreaterThanOrEqualTo(8);
            }
            assertThat(stable(() -> driver.findElement(By.id("legend-rate")).getText()))
                    .contains("products");
            assertThat(stable(() -> driver.findElement(By.id("legend-scans")).getText()))
                    .contains("applied")
                    .contains("duplicate")
                    .contains("refused");
            assertThat(peak(driver, "chart-scans")).as("scans per second drawn").isPositive();
            assertThat(stable(() ->
                            driver.findElement(By.cssSelector("#legend-rate i")).getCssValue("background-color")))
                    .as("legend swatch coloured under the page's Content-Security-Policy")
                    .isNotEqualTo("rgba(0, 0, 0, 0)");
            assertThat(driver.manage()
                            .logs()
                            .get(org.openqa.selenium.logging.LogType.BROWSER)
                            .getAll())
                    .as("browser console")
                    .noneMatch(entry -> entry.getMessage().contains("Content Security Policy"));
            assertThat(http.send(
                                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/ops/index.html"))
                                            .build(),
                                    java.net.http.HttpResponse.BodyHandlers.discarding())
                            .headers()
                            .firstValue("Content-Security-Policy"))
                    .hasValueSatisfying(policy -> assertThat(policy).contains("script-src 'self'"));
            assertThat(driver.findElement(By.id("status")).getText()).startsWith("live");
            assertThat(driver.findElement(By.id("login")).isDisplayed()).isFalse();
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Path target = Path.of("target", "ops-page.png");
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            assertThat(Files.size(target)).isGreaterThan(10_000);
        } finally {
            driver.quit();
        }
    }

    /** Debian's paths unless the environment names others (a runner with its own Chrome). */
    private static String setting(String variable, String debianDefault) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? debianDefault : value;
    }

    private static int samples(WebDriver driver, String chart) {
        String value = stable(() -> driver.findElement(By.id(chart)).getDomAttribute("data-samples"));
        return value == null ? 0 : Integer.parseInt(value);
    }

    private static double peak(WebDriver driver, String chart) {
        String value = stable(() -> driver.findElement(By.id(chart)).getDomAttribute("data-peak"));
        return value == null ? 0 : Double.parseDouble(value);
    }

    /** A location scan of {@code parcel} (the first one creates it), answered 201. */
    private static void scan(HttpClient http, String base, String bearer, String parcel) {
        String body = "{\"scanId\":\"ops-" + UUID.randomUUID() + "\",\"qr\":\"" + parcel + "\",\"area\":\"A01\"}";
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/api/v1/fulfillment/scans"))
                            .header("Authorization", bearer)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void traffic(HttpClient http, String base) {
        for (String path : List.of("/api/v1/products?limit=5", "/api/v1/products/1", "/api/v1/categories")) {
            try {
                http.send(
                        HttpRequest.newBuilder(URI.create(base + path)).build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Reads the page again when an element found a moment ago was replaced: the page redraws its charts
     * and legends on every refresh, so a read can land between the find and the use.
     */
    private static <T> T stable(java.util.function.Supplier<T> read) {
        for (int attempt = 1; ; attempt++) {
            try {
                return read.get();
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }
}
