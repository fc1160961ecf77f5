package dev.emporium.platform.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.emporium.support.IntegrationTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The monitoring in {@code deploy/} against the application: the Prometheus configuration and
 * rules are valid and their unit tests pass ({@code promtool}, which {@code .ci/run} installs with
 * Debian's {@code prometheus} package), and every metric that the alert rules and the Grafana
 * dashboard query is one this application really serves at {@code /actuator/prometheus}.
 */
@IntegrationTest
class DeployConfigTests {

    static final Path DEPLOY = Path.of("..", "deploy");
    /** Names of the families the rules and panels use: ours, Spring's HTTP timer, Hikari's pool, the JVM's. */
    static final Pattern METRIC = Pattern.compile("\\b((?:emporium|http_server|hikaricp|jvm|process)_[a-z0-9_]+)\\b");

    @Autowired
    MockMvc mvc;

    @Test
    void prometheusConfigurationAndRulesPassPromtool() throws Exception {
        Path prometheus = DEPLOY.resolve("prometheus");
        assertThat(promtool(
                        "check", "config", prometheus.resolve("prometheus.yml").toString()))
                .contains("SUCCESS");
        assertThat(promtool(
                        "test",
                        "rules",
                        prometheus.resolve("emporium-alerts.test.yml").toString()))
                .contains("SUCCESS");
    }

    @Test
    void everyMetricTheRulesAndTheDashboardQueryIsServedByTheApplication() throws Exception {
        mvc.perform(get("/api/v1/products?limit=1"));
        mvc.perform(get("/api/v1/products?limit=1"));
        String served = mvc.perform(get("/actuator/prometheus"))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        Set<String> names = new TreeSet<>();
        served.lines()
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
        Set<String> queried = new TreeSet<>();
        queried.addAll(metrics(DEPLOY.resolve("prometheus/emporium-alerts.yml")));
        queried.addAll(metrics(DEPLOY.resolve("grafana/emporium-dashboard.json")));
        assertThat(queried)
                .as("the rules and the dashboard query these metrics")
                .hasSizeGreaterThan(8);
        assertThat(names).as("metrics served at /actuator/prometheus").containsAll(queried);
    }

    private static Set<String> metrics(Path file) throws IOException {
        Set<String> found = new TreeSet<>();
        Matcher matcher = METRIC.matcher(Files.readString(file));
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    private static String promtool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("promtool");
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(
                    "promtool is not installed: apt-get install -y prometheus (.ci/run installs it)", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + "\n" + output)
                .isZero();
        return output;
    }
}
