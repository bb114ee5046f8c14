package org.safeguarding.hub.system;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.StringUtils;

/**
 * Stops a {@code prod} start-up before anything connects anywhere when a setting it needs is absent, naming
 * the setting. Runs after Spring Boot has read the config files, so profile files and the environment count.
 */
public class ProductionSettingsCheck implements EnvironmentPostProcessor, Ordered {

    public static final String PROFILE = "prod";

    /** Setting → what it is for, as the operator will read it. */
    static final Map<String, String> REQUIRED = new LinkedHashMap<>();
    /** Needed while hub.sms.enabled is true. */
    static final Map<String, String> REQUIRED_FOR_SMS = new LinkedHashMap<>();

    static {
        REQUIRED.put("spring.datasource.url", "the PostgreSQL JDBC URL, e.g. jdbc:postgresql://db:5432/hub");
        REQUIRED.put("spring.datasource.username", "the database user");
        REQUIRED.put("spring.datasource.password", "the database password");
        REQUIRED.put("spring.artemis.broker-url", "the Artemis broker, e.g. tcp://artemis:61616");
        REQUIRED.put("spring.artemis.user", "the broker user");
        REQUIRED.put("spring.artemis.password", "the broker password");
        REQUIRED.put("spring.mail.host", "the SMTP relay that sends alert emails");
        REQUIRED.put("hub.email.from", "the From address of alert emails, e.g. Essex Safeguarding Alerts <alerts@essex.example>");
        REQUIRED.put("hub.public-base-url", "the https address schools reach the hub on (used in acknowledgement links)");
        REQUIRED.put("hub.partnership-name", "the partnership's name, shown on pages and in messages");
        REQUIRED.put("hub.alerts.reference-prefix", "2 to 8 capital letters that start every alert reference, e.g. ESX");
        REQUIRED.put("hub.alerts.cap-sender", "the CAP sender, unique to the partnership, e.g. alerts@partnership.example");
        REQUIRED_FOR_SMS.put("hub.sms.notify.base-url", "GOV.UK Notify's API, https://api.notifications.service.gov.uk"
                + " (or hub.sms.enabled=false)");
        REQUIRED_FOR_SMS.put("hub.sms.notify.api-key", "the Notify API key, {name}-{serviceId}-{secret}");
        REQUIRED_FOR_SMS.put("hub.sms.notify.template-id", "the id of a Notify text message template whose body is ((body))");
        REQUIRED_FOR_SMS.put("hub.sms.notify.callback-token", "the bearer token set on Notify's delivery receipts callback");
    }


    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!List.of(environment.getActiveProfiles()).contains(PROFILE)) {
            return;
        }
        for (Map.Entry<String, String> required : REQUIRED.entrySet()) {
            if (!StringUtils.hasText(environment.getProperty(required.getKey()))) {
                throw new MissingProductionSettingException(required.getKey(), required.getValue());
            }
        }
        if (environment.getProperty("hub.sms.enabled", Boolean.class, false)) {
            for (Map.Entry<String, String> required : REQUIRED_FOR_SMS.entrySet()) {
                if (!StringUtils.hasText(environment.getProperty(required.getKey()))) {
                    throw new MissingProductionSettingException(required.getKey(), required.getValue());
                }
            }
        }
        if (environment.getProperty("hub.demo.enabled", Boolean.class, false)) {
            throw new MissingProductionSettingException("hub.demo.enabled",
                    "must be false: demo accounts and data are never loaded in the prod profile");
        }
        if (!"native".equals(environment.getProperty("spring.artemis.mode"))) {
            throw new MissingProductionSettingException("spring.artemis.mode",
                    "must be native: the prod profile uses an external broker, never the embedded one");
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** A prod start-up without a setting it needs. */
    public static class MissingProductionSettingException extends IllegalStateException {

        private final String setting;

        MissingProductionSettingException(String setting, String purpose) {
            super("The prod profile needs " + setting + " (" + purpose + ")");
            this.setting = setting;
        }

        public String setting() {
            return setting;
        }
    }
}
