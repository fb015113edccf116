package dev.openbank.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What every end-user page must pass, checked in the browser on the rendered page: a language and a
 * title, nothing wider than the phone's screen, a label for every form field, an accessible name
 * for every button and link, text contrast of at least WCAG AA (4.5:1, 3:1 for large text) against
 * the background actually painted under it (semi-transparent layers composited, gradients checked
 * at each colour stop), and a visible focus indicator where the keyboard lands.
 */
final class PageChecks {

  private static final String PROBLEMS =
      """
      const problems = [];
      const html = document.documentElement;
      if (!html.lang) problems.push('the page has no lang');
      if (!document.title.trim()) problems.push('the page has no title');
      const vw = html.clientWidth;
      if (html.scrollWidth > vw) problems.push('the page is wider than the screen: ' + html.scrollWidth + ' > ' + vw);
      const visible = e => {
        const r = e.getBoundingClientRect(), s = getComputedStyle(e);
        return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
      };
      const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).split(' ').join('.') : '');
      for (const e of document.querySelectorAll('body *')) {
        if (visible(e) && e.getBoundingClientRect().right > vw + 0.5) problems.push(name(e) + ' reaches past the screen edge');
      }
      for (const e of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
        if (!(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('aria-labelledby'))
          problems.push(name(e) + ' has no label');
      }
      for (const e of document.querySelectorAll('button, a[href]')) {
        if (visible(e) && !(e.textContent.trim() || e.getAttribute('aria-label'))) problems.push(name(e) + ' has no accessible name');
      }
      const parse = c => {
        const m = /rgba?\\(([^)]+)\\)/.exec(c);
        if (!m) return null;
        const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
        return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
      };
      const over = (top, base) => ({
        r: top.r * top.a + base.r * (1 - top.a), g: top.g * top.a + base.g * (1 - top.a),
        b: top.b * top.a + base.b * (1 - top.a), a: 1});
      // the opaque colours that can be under an element: each stop of a gradient, or one colour
      const backgrounds = e => {
        const layers = [];
        for (let n = e; n; n = n.parentElement) {
          const s = getComputedStyle(n);
          if (s.backgroundImage.includes('gradient')) {
            const stops = (s.backgroundImage.match(/rgba?\\([^)]+\\)/g) || []).map(parse);
            return stops.map(stop => layers.reduceRight((acc, l) => over(l, acc), over(stop, {r: 255, g: 255, b: 255, a: 1})));
          }
          const c = parse(s.backgroundColor);
          if (c && c.a >= 1) return [layers.reduceRight((acc, l) => over(l, acc), c)];
          if (c && c.a > 0) layers.push(c);
        }
        return [layers.reduceRight((acc, l) => over(l, acc), {r: 255, g: 255, b: 255, a: 1})];
      };
      const lum = c => {
        const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
      };
      const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
      for (const e of document.querySelectorAll('body *')) {
        if (!visible(e) || e.disabled) continue;
        const text = [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent.trim()).join('');
        if (!text) continue;
        const s = getComputedStyle(e);
        const size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight, 10) >= 700;
        const need = size >= 24 || (size >= 18.66 && bold) ? 3 : 4.5;
        for (const bg of backgrounds(e)) {
          const fg = parse(s.color);
          const r = ratio(over(fg, bg), bg);
          if (r < need) { problems.push(name(e) + ' "' + text.slice(0, 30) + '" contrast ' + r.toFixed(2) + ' < ' + need); break; }
        }
      }
      return problems;
      """;

  private static final String FOCUS_VISIBLE =
      """
      const e = document.activeElement;
      if (!e || e === document.body) return false;
      const s = getComputedStyle(e);
      return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
      """;

  private PageChecks() {}

  /** The page's problems, empty when it passes. */
  @SuppressWarnings("unchecked")
  static List<String> problems(WebDriver driver) {
    return (List<String>) ((JavascriptExecutor) driver).executeScript(PROBLEMS);
  }

  /** Whether the focused element shows a focus indicator (outline or shadow). */
  static boolean focusVisible(WebDriver driver) {
    return Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(FOCUS_VISIBLE));
  }

  /**
   * Saves a screenshot of the viewport to {@code target/screenshots/<name>.png}, once the document
   * has loaded. Chromium sometimes aborts a capture taken while it is still committing the page
   * ("aborted by navigation: Not attached to an active page"); that capture is taken once more
   * after the document has loaded again. Any other failure, or a second abort, fails the test.
   */
  static Path screenshot(WebDriver driver, String name) {
    try {
      Path file = Path.of("target/screenshots", name + ".png");
      Files.createDirectories(file.getParent());
      Files.write(file, capture(driver, true));
      return file;
    } catch (IOException e) {
      throw new IllegalStateException("cannot save the screenshot " + name, e);
    }
  }

  private static byte[] capture(WebDriver driver, boolean again) {
    new WebDriverWait(driver, Duration.ofSeconds(10))
        .until(
            d ->
                "complete"
                    .equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
    try {
      return ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    } catch (WebDriverException e) {
      if (again && String.valueOf(e.getMessage()).contains("aborted by navigation")) {
        return capture(driver, false);
      }
      throw e;
    }
  }
}
