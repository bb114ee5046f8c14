package org.safeguarding.hub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.safeguarding.hub.AlertHubApplication;
import org.safeguarding.hub.system.ProductionSettingsCheck.MissingProductionSettingException;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The prod profile refuses to start, naming the setting, when one it needs is absent or would bring up demo parts.
 * These start-ups fail while the environment is prepared, before anything connects anywhere, so they are fast.
 */
@ExtendWith(OutputCaptureExtension.class)
class ProductionProfileTest {

    /** Every setting the README says production must be given. */
    static Map<String, String> allRequired() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spring.datasource.url", "jdbc:postgresql://127.0.0.1:1/hub");
        settings.put("spring.datasource.username", "hub");
        settings.put("spring.datasource.password", "db-secret");
        settings.put("spring.artemis.broker-url", "tcp://127.0.0.1:1");
        settings.put("spring.artemis.user", "hub");
        settings.put("spring.artemis.password", "broker-secret");
        settings.put("spring.mail.host", "127.0.0.1");
        settings.put("hub.public-base-url", "https://alerts.example.org");
        settings.put("hub.partnership-name", "Essex Safeguarding Children Partnership");
        settings.put("hub.alerts.reference-prefix", "ESX");
        settings.put("hub.alerts.cap-sender", "alerts@essex.example");
        settings.put("hub.email.from", "Essex Safeguarding Alerts <alerts@essex.example>");
        settings.put("hub.sms.notify.base-url", "https://api.notifications.service.gov.uk");
        settings.put("hub.sms.notify.api-key",
                "essex-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0");
        settings.put("hub.sms.notify.template-id", "f33517ff-2a88-4f6e-b855-c550268ce08a");
        settings.put("hub.sms.notify.callback-token", "a-long-random-callback-token");
        return settings;
    }

    @Test
    void withNothingSetItNamesTheDatabaseUrl(CapturedOutput output) {
        Throwable failure = startProd(Map.of());
        assertThat(failure).isInstanceOf(MissingProductionSettingException.class)
                .hasMessageContaining("spring.datasource.url");
        assertThat(((MissingProductionSettingException) failure).setting()).isEqualTo("spring.datasource.url");
        assertThat(output).as("what the operator reads").contains("APPLICATION FAILED TO START")
                .contains("Set spring.datasource.url");
    }

    @ParameterizedTest
    @ValueSource(strings = {"spring.datasource.url", "spring.datasource.username", "spring.datasource.password",
            "spring.artemis.broker-url", "spring.artemis.user", "spring.artemis.password", "spring.mail.host",
            "hub.public-base-url", "hub.partnership-name", "hub.alerts.reference-prefix", "hub.alerts.cap-sender",
            "hub.email.from", "hub.sms.notify.base-url", "hub.sms.notify.api-key", "hub.sms.notify.template-id",
            "hub.sms.notify.callback-token"})
    void withAllButOneSetItNamesTheMissingOne(String missing) {
        Map<String, String> settings = allRequired();
        settings.remove(missing);
        Throwable failure = startProd(settings);
        assertThat(failure).isInstanceOf(MissingProductionSettingException.class).hasMessageContaining(missing);
        assertThat(((MissingProductionSettingException) failure).setting()).isEqualTo(missing);
    }

    @Test
    void withSmsSwitchedOffNotifyIsNotAskedFor() {
        Map<String, String> settings = allRequired();
        settings.keySet().removeIf(key -> key.startsWith("hub.sms."));
        settings.put("hub.sms.enabled", "false");
        settings.put("hub.demo.enabled", "true");
        Throwable failure = startProd(settings);
        assertThat(((MissingProductionSettingException) failure).setting()).isEqualTo("hub.demo.enabled");
    }

    @Test
    void aBlankValueCountsAsMissing() {
        Map<String, String> settings = allRequired();
        settings.put("spring.artemis.broker-url", " ");
        assertThat(startProd(settings)).isInstanceOf(MissingProductionSettingException.class)
                .hasMessageContaining("spring.artemis.broker-url");
    }

    @Test
    void demoDataIsRefused() {
        Map<String, String> settings = allRequired();
        settings.put("hub.demo.enabled", "true");
        Throwable failure = startProd(settings);
        assertThat(failure).isInstanceOf(MissingProductionSettingException.class).hasMessageContaining("hub.demo.enabled");
        assertThat(((MissingProductionSettingException) failure).setting()).isEqualTo("hub.demo.enabled");
    }

    @Test
    void theEmbeddedBrokerIsRefused() {
        Map<String, String> settings = allRequired();
        settings.put("spring.artemis.mode", "embedded");
        assertThat(startProd(settings)).isInstanceOf(MissingProductionSettingException.class)
                .hasMessageContaining("spring.artemis.mode");
    }

    @Test
    void theFailureAnalysisNamesTheSettingAndItsEnvironmentVariable() {
        Map<String, String> settings = allRequired();
        settings.remove("spring.artemis.broker-url");
        Throwable failure = startProd(settings);

        FailureAnalysis analysis = new MissingProductionSettingFailureAnalyzer().analyze(failure);
        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).contains("spring.artemis.broker-url").contains("tcp://");
        // Spring Boot's relaxed binding reads SPRING_ARTEMIS_BROKERURL as spring.artemis.broker-url
        assertThat(analysis.getAction()).contains("Set spring.artemis.broker-url").contains("SPRING_ARTEMIS_BROKERURL");
        assertThat(new MissingProductionSettingFailureAnalyzer().analyze(new IllegalStateException("other"))).isNull();
    }

    /**
     * Starts the hub with the prod profile and these settings as command-line arguments (default properties would
     * lose to application-prod.properties), and returns why it failed.
     */
    static Throwable startProd(Map<String, String> settings) {
        List<String> args = new ArrayList<>();
        settings.forEach((key, value) -> args.add("--" + key + "=" + value));
        args.add("--server.address=127.0.0.1");
        args.add("--server.port=0");
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(AlertHubApplication.class)
                .profiles(ProductionSettingsCheck.PROFILE).run(args.toArray(String[]::new)).close());
        assertThat(failure).as("the prod start-up must be refused").isNotNull();
        return failure;
    }
}
