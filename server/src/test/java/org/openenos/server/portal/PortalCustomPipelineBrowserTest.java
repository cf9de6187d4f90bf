package org.openenos.server.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openenos.server.ServerTestBase;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * A custom pipeline written as JSON on the stream jobs page, in headless Chromium: a point the model does not have
 * is refused with the stage and field named, the corrected pipeline is saved as a draft.
 */
@ExtendWith(BrowserExtension.class)
class PortalCustomPipelineBrowserTest extends ServerTestBase {
    private static Browser browser;

    private static String pipeline(String inputPoint) {
        return """
                {"stages": [
                  {"id": "sel", "operator": "PointSelector", "config": {"points": ["cp_inv::%s"]}},
                  {"id": "calc", "operator": "ExpressionEvaluator", "inputs": ["sel"],
                   "config": {"expression": "${cp_inv::%s} / 1000", "outputPoint": "cp_inv::temp"}},
                  {"id": "out", "operator": "Output", "inputs": ["calc"]}]}""".formatted(inputPoint, inputPoint);
    }

    private static void type(WebElement area, String text) {
        area.clear();
        area.sendKeys(text);
    }

    @Test
    void anOperatorWritesAPipelineAsJsonAndSeesWhichStageAndFieldAreWrong() throws Exception {
        Tenant t = newTenant();
        t.app().post("/model-service/v2.1/thing-models", Map.of("action", "create", "orgId", t.orgId()),
                simpleModel("cp_inv"));
        String user = "pipelines-" + t.orgId();
        admin().post("/iam-service/v2.1/users", Map.of("action", "create", "orgId", t.orgId()),
                Map.of("username", user, "password", "Pipelines-Admin-Pass-1", "role", "ORG_ADMIN"));
        browser.signIn(user, "Pipelines-Admin-Pass-1");
        browser.open("#/streams");
        browser.visible("#st-name").sendKeys("Power in MW");
        new Select(browser.driver.findElement(By.id("st-template"))).selectByVisibleText("Custom pipeline");
        WebElement stages = browser.visible("#st-pipeline");
        assertThat(stages.getDomProperty("value")).as("an example to start from").contains("PointSelector");
        By submit = By.cssSelector("form[aria-label='New stream job'] button[type=submit]");

        type(stages, pipeline("volt"));
        browser.driver.findElement(submit).click();
        String error = browser.await().until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("form[aria-label='New stream job'] .error"))).getText();
        assertThat(error).contains("stages[0] (sel).config.points: cp_inv::volt is not a measure point of model");

        type(browser.driver.findElement(By.id("st-pipeline")), pipeline("power"));
        browser.driver.findElement(submit).click();
        browser.await().until(ExpectedConditions.textToBePresentInElementLocated(By.id("stream-jobs"),
                "Power in MW"));
        assertThat(browser.driver.findElement(By.id("stream-jobs")).getText()).contains("Custom pipeline")
                .contains("DRAFT");
        browser.screenshot("stream-custom-pipeline");
        var stored = t.app().post("/streaming/v2.0/streaming/pipelines", Map.of("orgId", t.orgId()), null);
        assertThat(stored.data().path("pipelines").get(0).path("templateType").asString()).isEqualTo("Custom");
    }
}
