package io.github.idvkit.examples.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.awt.image.RescaleOp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Drives the web demo in a real headless Chromium whose camera plays a shipped portrait: register
 * Eileen Collins with her ID photo, log in as her ({@code VERIFIED}), log in as her with a photo of
 * Grace Hopper ({@code NOT_MATCHED}), log in from a dark photo (refused with a reason to act on),
 * identify, forget, and log in again ({@code NOT_REGISTERED}). Screenshots of each step go to
 * {@code target/web-demo-screenshots/}.
 *
 * <p>Needs Debian's {@code chromium} and {@code chromium-driver} ({@code .ci/run} installs them);
 * without them the test fails, it does not skip.
 */
class WebDemoBrowserTest {

  private static final String PHOTOS = "/io/github/idvkit/examples/photos/";
  private static final Path SCREENSHOTS = Path.of("target", "web-demo-screenshots");
  private static final String USER = "eileen@example.com";

  @TempDir static Path tmp;

  private static final long STARTED = System.nanoTime();

  private static WebDemo demo;

  private static WebDriver eileen;

  /** Starts the demo (which loads the engine) while the browser starts: both take seconds. */
  @BeforeAll
  static void startDemoAndBrowser() throws Exception {
    Files.createDirectories(SCREENSHOTS);
    CompletableFuture<WebDemo> starting = CompletableFuture.supplyAsync(() -> {
      try {
        return WebDemo.start(0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    try {
      eileen = browser(FakeCamera.y4m(PHOTOS + "astronaut.png", tmp.resolve("eileen.y4m")), "eileen");
    } finally {
      demo = starting.get(60, TimeUnit.SECONDS);
    }
    System.err.printf("[web-demo e2e] demo and browser up at %d ms%n", (System.nanoTime() - STARTED) / 1_000_000);
  }

  @AfterAll
  static void stopDemo() {
    if (eileen != null) {
      eileen.quit();
    }
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void registerLoginStrangerIdentifyForget_inARealBrowserWithAFakeCamera() throws IOException {
    Path idPhoto = copy("astronaut.png", tmp.resolve("eileen-id.png"));
    Path stranger = copy("grace_hopper.jpg", tmp.resolve("stranger.jpg"));
    Path dark = darkened("astronaut.png", 0.12, tmp.resolve("dark.jpg"));

    open(eileen);
    eileen.findElement(By.id("userId")).sendKeys(USER);
    eileen.findElement(By.id("idPhoto")).sendKeys(idPhoto.toAbsolutePath().toString());
    await(eileen, "return document.body.dataset.idPhoto", List.of("loaded"), Duration.ofSeconds(5));

    assertThat(act(eileen, "register", "01-register")).isEqualTo("REGISTERED");
    assertThat(text(eileen, "scoreLabel")).isEqualTo("ID photo match");

    assertThat(act(eileen, "login", "02-login-verified")).isEqualTo("VERIFIED");
    assertThat(text(eileen, "scoreText")).contains("≥ threshold");

    // A stranger claims Eileen's account with a photo of Grace Hopper instead of the camera.
    eileen.findElement(By.id("selfieFile")).sendKeys(stranger.toAbsolutePath().toString());
    await(eileen, "return document.body.dataset.selfieSource", List.of("file"), Duration.ofSeconds(5));
    assertThat(act(eileen, "login", "03-stranger-not-matched")).isEqualTo("NOT_MATCHED");
    // Eileen in a dark room: the page says what to do about it.
    ((JavascriptExecutor) eileen).executeScript("document.body.dataset.selfieSource = 'pending'");
    eileen.findElement(By.id("selfieFile")).sendKeys(dark.toAbsolutePath().toString());
    await(eileen, "return document.body.dataset.selfieSource", List.of("file"), Duration.ofSeconds(5));
    assertThat(act(eileen, "login", "04-too-dark")).isEqualTo("LOW_QUALITY");
    assertThat(text(eileen, "reasons")).contains("Too dark: turn towards a light");

    ((JavascriptExecutor) eileen).executeScript(
        "const f = document.getElementById('selfieFile'); f.value = '';"
            + " f.dispatchEvent(new Event('change'));");
    await(eileen, "return document.body.dataset.selfieSource", List.of("camera"), Duration.ofSeconds(5));

    assertThat(act(eileen, "identify", "05-identify")).isEqualTo("IDENTIFIED");
    assertThat(text(eileen, "message")).contains(USER);

    assertThat(act(eileen, "forget", "06-forget")).isEqualTo("FORGOTTEN");
    assertThat(act(eileen, "login", "07-login-after-forget")).isEqualTo("NOT_REGISTERED");
  }

  /** Writes the photo with every channel scaled by {@code factor}: a selfie in a dark room. */
  private static Path darkened(String photo, double factor, Path target) throws IOException {
    BufferedImage image;
    try (var in = WebDemoBrowserTest.class.getResourceAsStream(PHOTOS + photo)) {
      image = ImageIO.read(in);
    }
    BufferedImage dark =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    new RescaleOp((float) factor, 0, null).filter(toRgb(image), dark);
    ImageIO.write(dark, "jpg", target.toFile());
    return target;
  }

  private static BufferedImage toRgb(BufferedImage image) {
    BufferedImage rgb =
        new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
    rgb.getGraphics().drawImage(image, 0, 0, null);
    return rgb;
  }

  private static Path copy(String photo, Path target) throws IOException {
    try (var in = WebDemoBrowserTest.class.getResourceAsStream(PHOTOS + photo)) {
      Files.copy(in, target);
    }
    return target;
  }

  private static WebDriver browser(Path camera, String profile) throws IOException {
    Path chromium = executable("chromium");
    Path driver = executable("chromedriver");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-default-apps",
        "--disable-sync",
        "--no-default-browser-check",
        "--mute-audio",
        "--window-size=1280,1000",
        "--user-data-dir=" + Files.createDirectories(tmp.resolve("profile-" + profile)),
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        "--use-file-for-fake-video-capture=" + camera.toAbsolutePath());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(driver.toFile())
            .usingAnyFreePort()
            .build();
    ChromeDriver chrome = new ChromeDriver(service, options);
    chrome.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    return chrome;
  }

  /** Finds a program on the PATH, or fails the test saying how to install it. */
  private static Path executable(String name) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    Optional<Path> found =
        Stream.of(path.split(":"))
            .map(dir -> Path.of(dir, name))
            .filter(Files::isExecutable)
            .findFirst();
    if (found.isEmpty()) {
      fail(name + " is not installed; the browser test needs Debian's chromium and chromium-driver:"
          + " apt-get install -y chromium chromium-driver (.ci/run does this)");
    }
    return found.get();
  }

  private static void open(WebDriver browser) {
    browser.get("http://localhost:" + demo.port() + "/");
    await(browser, "return document.body.dataset.camera", List.of("ready"), Duration.ofSeconds(15));
  }

  /** Clicks an action's button, waits for its decision, saves a screenshot and returns the decision. */
  private static String act(WebDriver browser, String action, String screenshot) throws IOException {
    WebElement button = browser.findElement(By.id(action));
    ((JavascriptExecutor) browser).executeScript("document.body.dataset.lastAction = ''");
    button.click();
    await(browser, "return document.body.dataset.lastAction", List.of(action), Duration.ofSeconds(20));
    String decision =
        (String) ((JavascriptExecutor) browser).executeScript("return document.body.dataset.lastDecision");
    System.err.printf("[web-demo e2e] %s -> %s at %d ms%n", action, decision, (System.nanoTime() - STARTED) / 1_000_000);
    byte[] png = ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(SCREENSHOTS.resolve(screenshot + ".png"), png);
    return decision;
  }

  private static String text(WebDriver browser, String id) {
    return browser.findElement(By.id(id)).getText();
  }

  private static void await(WebDriver browser, String script, List<String> values, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Object value = null;
    while (System.nanoTime() < deadline) {
      value = ((JavascriptExecutor) browser).executeScript(script);
      if (values.contains(value)) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    fail("Timed out waiting for `" + script + "` to be one of " + values + ", last " + value);
  }
}
