package org.openenos.server.portal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Gives browser tests of the shared server one headless Chromium for the whole test JVM: starting Chromium costs
 * seconds on a busy two-core machine, and a fresh profile per class is all the isolation the tests need.
 *
 * <ul>
 *   <li>A test class declares {@code static Browser browser} (set before its first test) or takes a {@link Browser}
 *       parameter; either way the browser talks to the class's running server.</li>
 *   <li>Without Chromium and chromedriver installed, the tests that need the browser are skipped.</li>
 *   <li>After each test, a Content-Security-Policy violation seen on any page fails it.</li>
 *   <li>After each class, the browser is reset to what a fresh one shows ({@link Browser#reset()}); if that fails,
 *       it is closed and the next class starts a new one.</li>
 * </ul>
 */
final class BrowserExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Browser.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Field field = staticBrowserField(context.getRequiredTestClass());
        if (field != null) {
            field.set(null, browser(context));
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Browser.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return browser(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Browser browser = running(context);
        if (browser != null) {
            browser.assertNoPolicyViolations();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Field field = staticBrowserField(context.getRequiredTestClass());
        if (field != null) {
            field.set(null, null);
        }
        Browser browser = running(context);
        if (browser == null) {
            return;
        }
        try {
            browser.reset();
        } catch (RuntimeException e) {
            // a browser that cannot be reset (crashed, hung tab) is not handed to the next class
            context.getRoot().getStore(NAMESPACE).remove(Browser.class);
            browser.close();
        }
    }

    /** The shared browser, started on first use, pointed at the running server of the test class. */
    private static Browser browser(ExtensionContext context) {
        assumeTrue(Browser.installed(), "Chromium and chromedriver are not installed");
        String port = SpringExtension.getApplicationContext(context).getEnvironment()
                .getRequiredProperty("local.server.port");
        // the root store closes the browser when the last test of the JVM has run
        Browser browser = context.getRoot().getStore(NAMESPACE).computeIfAbsent(Browser.class, key -> {
            try {
                return new Browser();
            } catch (Exception e) {
                throw new IllegalStateException("Chromium did not start", e);
            }
        }, Browser.class);
        return browser.at("http://127.0.0.1:" + port);
    }

    private static Browser running(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).get(Browser.class, Browser.class);
    }

    private static Field staticBrowserField(Class<?> testClass) {
        for (Field field : testClass.getDeclaredFields()) {
            if (field.getType() == Browser.class && Modifier.isStatic(field.getModifiers())) {
                field.setAccessible(true);
                return field;
            }
        }
        return null;
    }
}
