package org.markauth.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Just enough of the W3C WebDriver protocol (https://www.w3.org/TR/webdriver2/) to drive Debian's
 * headless Chromium through chromedriver: navigate, find by CSS, read text and attributes, type,
 * click. Plain JSON over HTTP, so the test needs no Selenium (about 20 jars) for five commands.
 * Shared by the browser tests of verify-api (consumer page, catalogue, officer app) and mark-issuer
 * (console). For the officer app also: scripts (sync and async), keys to the focused element, the
 * window's size, a screenshot, and chromedriver's network emulation (offline and back). For the line
 * station: a scanner's fast burst ({@link #scan}) through DevTools protocol commands ({@link #cdp}).
 */
public final class WebDriver implements AutoCloseable {

    public static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

    private final Process driver;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String session;

    private WebDriver(Process driver, String base, String session) {
        this.driver = driver;
        this.base = base;
        this.session = session;
    }

    /** A driven Chromium of {@code browser}, asking for pages in {@code lang} (e.g. "zh-CN"). */
    public static WebDriver start(Browser browser, String lang) throws Exception {
        return start(browser.chromium(), browser.chromedriver(), lang);
    }

    /**
     * The same with extra Chromium switches, e.g. a fake camera fed from a file:
     * {@code --use-fake-device-for-media-stream --use-fake-ui-for-media-stream --use-file-for-fake-video-capture=<file.y4m>}.
     */
    public static WebDriver start(Browser browser, String lang, java.util.List<String> extraArgs) throws Exception {
        return start(browser.chromium(), browser.chromedriver(), lang, extraArgs);
    }

    public static WebDriver start(String chromium, String chromedriver, String lang) throws Exception {
        return start(chromium, chromedriver, lang, java.util.List.of());
    }

    public static WebDriver start(String chromium, String chromedriver, String lang, java.util.List<String> extraArgs) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Process p = new ProcessBuilder(chromedriver, "--port=" + port, "--allowed-ips=127.0.0.1")
                .redirectErrorStream(true).redirectOutput(new File("/dev/null")).start();
        String base = "http://127.0.0.1:" + port;
        HttpClient probe = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                if (probe.send(HttpRequest.newBuilder(URI.create(base + "/status")).build(), HttpResponse.BodyHandlers.ofString())
                        .body().contains("ready")) {
                    break;
                }
            } catch (IOException notYet) {
                // chromedriver still starting
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new IllegalStateException("chromedriver did not start on port " + port);
            }
            Thread.sleep(100);
        }
        JsonObject caps = new JsonObject().put("capabilities", new JsonObject().put("alwaysMatch", new JsonObject()
                .put("browserName", "chrome")
                .put("goog:chromeOptions", new JsonObject().put("binary", chromium).put("args", new JsonArray()
                        .add("--headless=new").add("--no-sandbox").add("--disable-gpu").add("--disable-dev-shm-usage")
                        .add("--disable-quic").add("--no-first-run").add("--disable-background-networking")
                        .add("--disable-component-update").add("--disable-sync")
                        .add("--lang=" + lang).add("--accept-lang=" + lang).addAll(new JsonArray(new java.util.ArrayList<>(extraArgs)))))));
        JsonObject r = call(HttpClient.newHttpClient(), "POST", base + "/session", caps);
        return new WebDriver(p, base, r.getJsonObject("value").getString("sessionId"));
    }

    public void go(String url) throws Exception {
        cmd("POST", "/url", new JsonObject().put("url", url));
    }

    public String find(String css) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            String last;
            try {
                JsonObject r = call(http, "POST", base + "/session/" + session + "/element",
                        new JsonObject().put("using", "css selector").put("value", css));
                JsonObject v = r.getJsonObject("value");
                if (v != null && v.containsKey(ELEMENT)) {
                    return v.getString(ELEMENT);
                }
                last = r.encode();
            } catch (IllegalStateException e) {
                // W3C answers 404 "no such element" while the page (e.g. after a form post) is loading: poll
                if (!e.getMessage().contains("no such element")) {
                    throw e;
                }
                last = e.getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no element " + css + " within 10 s on " + currentUrl() + ": " + last);
            }
            Thread.sleep(100);
        }
    }

    public String text(String css) throws Exception {
        return onElement(css, "GET", "/text", null).getString("value");
    }

    public String attribute(String css, String name) throws Exception {
        return onElement(css, "GET", "/attribute/" + name, null).getString("value");
    }

    public void type(String css, String value) throws Exception {
        onElement(css, "POST", "/value", new JsonObject().put("text", value));
    }

    public void click(String css) throws Exception {
        onElement(css, "POST", "/click", new JsonObject());
    }

    /**
     * Clicks an element that loads a new page (a link, a form's button) and returns once that page has
     * loaded, so that what is read next is read from it and not from the page the click left.
     */
    public void clickAndLoad(String css) throws Exception {
        execute("window.markauthLeaving = true");
        click(css);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                if (Boolean.TRUE.equals(execute("return window.markauthLeaving !== true && document.readyState === 'complete'"))) {
                    return;
                }
            } catch (IllegalStateException e) {
                // a script run while the old page unloads may fail: ask the new one
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("clicking " + css + " loaded no new page within 20 s; still on " + currentUrl());
            }
            Thread.sleep(100);
        }
    }

    /**
     * One command on the element {@code css} selects. An element found on a page that a previous
     * click was replacing answers "stale element reference" (or, from Chromium, "does not belong to
     * the document"): it is found again on the new page, within the same 10 s as {@link #find}.
     */
    private JsonObject onElement(String css, String method, String command, JsonObject body) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return cmd(method, "/element/" + find(css) + command, body);
            } catch (IllegalStateException e) {
                String m = String.valueOf(e.getMessage());
                boolean gone = m.contains("stale element reference") || m.contains("does not belong to the document");
                if (!gone || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    /** Runs {@code script} (a function body; {@code arguments[i]} are {@code args}) and returns its value as JSON gives it. */
    public Object execute(String script, Object... args) throws Exception {
        return cmd("POST", "/execute/sync", new JsonObject().put("script", script).put("args", new JsonArray(java.util.List.of(args))))
                .getValue("value");
    }

    /** Runs an asynchronous script: it ends by calling {@code arguments[arguments.length - 1](value)}. */
    public Object executeAsync(String script, Object... args) throws Exception {
        return cmd("POST", "/execute/async", new JsonObject().put("script", script).put("args", new JsonArray(java.util.List.of(args))))
                .getValue("value");
    }

    /** Polls {@code script} until it returns something truthy (not null, false, 0 or ""), and returns that. */
    public Object await(String script, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            Object v = execute(script);
            if (v != null && !Boolean.FALSE.equals(v) && !"".equals(v) && !(v instanceof Number n && n.doubleValue() == 0)) {
                return v;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not true within " + within.toSeconds() + " s: " + script + "\npage text: "
                        + execute("return document.body ? document.body.innerText : ''"));
            }
            Thread.sleep(100);
        }
    }

    /** Types {@code keys} (W3C key codes allowed, e.g. {@link #TAB}; a line feed is Enter) into whatever element has the focus, as a keyboard would. */
    public void keys(String keys) throws Exception {
        JsonArray down = new JsonArray();
        // a line feed is the Enter key, as in element typing
        keys.codePoints().mapToObj(c -> c == '\n' ? "\uE007" : Character.toString(c)).forEach(k -> down
                .add(new JsonObject().put("type", "keyDown").put("value", k)).add(new JsonObject().put("type", "keyUp").put("value", k)));
        cmd("POST", "/actions", new JsonObject().put("actions", new JsonArray().add(new JsonObject().put("type", "key")
                .put("id", "keyboard").put("actions", down))));
    }

    /**
     * A keyboard-wedge scanner's burst, fast: {@code text} into the focused field as one input (the
     * DevTools protocol's Input.insertText, as a paste or an IME puts it), then the Enter key pressed
     * and released as key events. W3C key actions ({@link #keys}) cost a few milliseconds a
     * character, which a test of hundreds of 170-character codes cannot afford.
     */
    public void scan(String text) throws Exception {
        cdp("Input.insertText", new JsonObject().put("text", text));
        JsonObject enter = new JsonObject().put("key", "Enter").put("code", "Enter").put("windowsVirtualKeyCode", 13)
                .put("nativeVirtualKeyCode", 13);
        cdp("Input.dispatchKeyEvent", enter.copy().put("type", "keyDown").put("text", "\r").put("unmodifiedText", "\r"));
        cdp("Input.dispatchKeyEvent", enter.put("type", "keyUp"));
    }

    /** One DevTools protocol command to the page through chromedriver ({@code goog/cdp/execute}); its result. */
    public JsonObject cdp(String command, JsonObject params) throws Exception {
        return cmd("POST", "/goog/cdp/execute", new JsonObject().put("cmd", command).put("params", params));
    }

    /** The W3C key code of Tab, for {@link #keys}. */
    public static final String TAB = "\uE004";

    /** How long an asynchronous script may run before chromedriver gives up on it (its default: 30 s). */
    public void scriptTimeout(Duration timeout) throws Exception {
        cmd("POST", "/timeouts", new JsonObject().put("script", timeout.toMillis()));
    }

    public void windowSize(int width, int height) throws Exception {
        cmd("POST", "/window/rect", new JsonObject().put("width", width).put("height", height));
    }

    /** A PNG of the viewport, for a failing test to leave behind. */
    public byte[] screenshot() throws Exception {
        return java.util.Base64.getDecoder().decode(cmd("GET", "/screenshot", null).getString("value"));
    }

    /**
     * Cuts the page's network ({@code offline}) or gives it back, through chromedriver's network
     * emulation (the DevTools protocol's Network.emulateNetworkConditions): requests fail as with no
     * signal, and the page sees {@code navigator.onLine} and the offline/online events change.
     */
    public void offline(boolean offline) throws Exception {
        cmd("POST", "/chromium/network_conditions", new JsonObject().put("network_conditions", new JsonObject()
                .put("offline", offline).put("latency", 0).put("download_throughput", -1).put("upload_throughput", -1)));
    }

    public String currentUrl() throws Exception {
        return cmd("GET", "/url", null).getString("value");
    }

    private JsonObject cmd(String method, String path, JsonObject body) throws Exception {
        return call(http, method, base + "/session/" + session + path, body);
    }

    private static JsonObject call(HttpClient c, String method, String url, JsonObject body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        if ("GET".equals(method)) {
            b.GET();
        } else if ("DELETE".equals(method)) {
            b.DELETE();
        } else {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode()));
        }
        HttpResponse<String> r = c.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonObject j = new JsonObject(r.body());
        if (r.statusCode() >= 400) {
            throw new IllegalStateException("WebDriver " + method + " " + url + " → " + r.statusCode() + ": " + r.body());
        }
        return j;
    }

    @Override
    public void close() {
        try {
            call(http, "DELETE", base + "/session/" + session, null);
        } catch (Exception ignored) {
            // the browser goes with the driver below
        }
        driver.destroy();
        try {
            driver.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        driver.destroyForcibly();
    }
}
