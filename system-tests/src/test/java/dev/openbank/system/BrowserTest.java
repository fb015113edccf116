package dev.openbank.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openbank.local.Platform;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The end user's path through the consent pages and the pay pages in real headless Chromium on a
 * phone-sized screen, for every ux_template: the bank is chosen with the keyboard only, the user
 * logs in and approves at the sandbox bank, and the outcome page follows the status live. Every
 * page passes {@link PageChecks}; screenshots go to {@code target/screenshots}.
 */
class BrowserTest {

  private static Platform platform;
  private static ApiClient client;
  private static ChromeDriver browser;

  @BeforeAll
  static void start() {
    platform = SystemPlatform.get();
    client = ApiClient.register(platform, "Browser shop");
    browser = Chromium.phone();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
  }

  /** The checks find what they look for: a page with every fault is reported for each. */
  @Test
  void thePageChecksReportAFaultyPage() {
    browser.get(
        "data:text/html,"
            + java.net.URLEncoder.encode(
                    "<html><head><title>t</title><meta name='viewport' content='width=device-width'></head><body style='background:%23fff'>"
                        + "<p style='color:%23bbb'>faint text</p>"
                        + "<input id='x'><button></button>"
                        + "<div style='width:800px'>wide</div></body></html>",
                    java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("%2523", "%23"));
    List<String> problems = PageChecks.problems(browser);
    assertTrue(problems.contains("the page has no lang"), problems.toString());
    assertTrue(
        problems.stream().anyMatch(p -> p.contains("wider than the screen")), problems.toString());
    assertTrue(problems.contains("input#x has no label"), problems.toString());
    assertTrue(problems.contains("button has no accessible name"), problems.toString());
    assertTrue(
        problems.stream().anyMatch(p -> p.startsWith("p \"faint text\" contrast")),
        problems.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"default", "classic", "compact", "cards", "glass", "sheet", "contrast"})
  void theConsentPagesTakeTheUserToTheBankAndBack(String theme) {
    Map<String, Object> body = new HashMap<>();
    body.put("scope", List.of("accounts", "balances", "transactions"));
    body.put("redirect_url", "https://app.example/back");
    body.put("options", Map.of("ux_template", theme));
    var created =
        client
            .api("ais")
            .body(body)
            .post(platform.url(platform.ports().consent()) + "/v2/ais/consents/create")
            .then()
            .statusCode(201)
            .extract();
    String consentId = created.path("consent_id");

    browser.manage().deleteAllCookies();
    browser.get(created.<String>path("url"));
    assertPage("consent-" + theme + "-1-choose", theme);
    assertTrue(browser.findElement(By.tagName("h1")).getText().contains("account information"));
    chooseWithKeyboard("rzb_ro:rzb_ro_ais_retail");

    atBank(Map.of("psu_id", "9999999998"), "consent-" + theme + "-2-bank");

    WebElement next = awaitOutcome();
    assertPage("consent-" + theme + "-3-outcome", theme);
    assertTrue(
        next.getAttribute("href").startsWith("https://app.example/back?consent_id=" + consentId),
        next.getAttribute("href"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"default", "classic", "compact", "cards", "glass", "sheet", "contrast"})
  void thePayPagesTakeTheDebtorToTheBankAndShowThePayment(String theme) {
    Map<String, Object> body = new HashMap<>();
    body.put("amount", "125.50");
    body.put("currency", "RON");
    body.put("creditor", Map.of("name", "Magazinul Demo SRL", "iban", "RO10RZBR0000069999999970"));
    body.put("description", "Order 1234");
    body.put(
        "goods",
        List.of(
            Map.of("name", "Book", "quantity", 2, "unit_price", "50.25"),
            Map.of("name", "Pen", "quantity", 1, "unit_price", "25")));
    body.put("redirect_url", "https://shop.example/done");
    body.put("options", Map.of("ux_template", theme));
    var created =
        client
            .api("pay_by_link")
            .body(body)
            .post(platform.url(platform.ports().pis()) + "/v2/links/create")
            .then()
            .statusCode(201)
            .extract();
    String linkId = created.path("link_id");

    browser.manage().deleteAllCookies();
    browser.get(created.<String>path("url"));
    assertPage("pay-" + theme + "-1-choose", theme);
    String page = browser.findElement(By.tagName("main")).getText();
    assertTrue(page.contains("125.50") && page.contains("Magazinul Demo SRL"), page);
    assertTrue(page.contains("Book"), page);
    chooseWithKeyboard("libra_ro:libra_ro_sepa_retail");

    atBank(Map.of("psu_id", "testlibra", "password", "testlibra"), "pay-" + theme + "-2-bank");

    WebElement next = awaitOutcome();
    new WebDriverWait(browser, Duration.ofSeconds(30))
        .until(
            ExpectedConditions.attributeContains(
                next, "href", "link_id=" + linkId + "&status=funds_received"));
    assertPage("pay-" + theme + "-3-outcome", theme);
    assertTrue(
        browser.findElement(By.id("status-text")).getText().contains("Paid"),
        browser.findElement(By.id("status-text")).getText());
  }

  /** The page shows the theme, passes the checks, and is saved as a screenshot. */
  private static void assertPage(String screenshot, String theme) {
    PageChecks.screenshot(browser, screenshot);
    assertEquals(
        (long) Chromium.PHONE.width,
        browser.executeScript("return window.innerWidth"),
        "the page is laid out for the phone's width");
    assertEquals(
        "theme-" + theme,
        browser.findElement(By.tagName("body")).getAttribute("class"),
        "the page's theme");
    assertEquals(List.of(), PageChecks.problems(browser), screenshot);
  }

  /**
   * Chooses the bank and method with the keyboard only: Tab to the radio group, arrows to the
   * option, Tab to the submit button, Enter. Each stop must show where the focus is.
   */
  private static void chooseWithKeyboard(String method) {
    Actions keys = new Actions(browser);
    WebElement focused = null;
    for (int i = 0; i < 30; i++) {
      keys.sendKeys(Keys.TAB).perform();
      focused = browser.switchTo().activeElement();
      if ("method".equals(focused.getAttribute("name"))) {
        break;
      }
    }
    assertEquals("method", focused.getAttribute("name"), "Tab reaches the bank choice");
    assertTrue(PageChecks.focusVisible(browser), "the focused bank option shows focus");
    int options = browser.findElements(By.name("method")).size();
    for (int i = 0; i <= options && !method.equals(focused.getAttribute("value")); i++) {
      keys.sendKeys(Keys.ARROW_DOWN).perform();
      focused = browser.switchTo().activeElement();
    }
    assertEquals(method, focused.getAttribute("value"), "arrows reach " + method);
    keys.sendKeys(Keys.SPACE).perform();
    assertTrue(focused.isSelected(), method + " is selected");
    keys.sendKeys(Keys.TAB).perform();
    WebElement button = browser.switchTo().activeElement();
    assertEquals("button", button.getTagName(), "Tab from the choice reaches the button");
    assertTrue(PageChecks.focusVisible(browser), "the focused button shows focus");
    String before = browser.getCurrentUrl();
    keys.sendKeys(Keys.ENTER).perform();
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .until(d -> !d.getCurrentUrl().equals(before));
  }

  /** At the sandbox bank's SCA page: fills the form and approves. */
  private static void atBank(Map<String, String> fields, String screenshot) {
    String bank = platform.url(platform.ports().sandbox());
    assertTrue(browser.getCurrentUrl().startsWith(bank), browser.getCurrentUrl());
    PageChecks.screenshot(browser, screenshot);
    assertEquals(List.of(), PageChecks.problems(browser), screenshot);
    fields.forEach((name, value) -> browser.findElement(By.id(name)).sendKeys(value));
    browser.findElement(By.cssSelector("button.approve")).click();
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .until(d -> !d.getCurrentUrl().startsWith(bank));
  }

  /** Waits on the outcome page until the status is final and the way back is shown. */
  private static WebElement awaitOutcome() {
    WebElement next = browser.findElement(By.id("continue"));
    new WebDriverWait(browser, Duration.ofSeconds(40)).until(ExpectedConditions.visibilityOf(next));
    return next;
  }
}
