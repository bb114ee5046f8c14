package org.safeguarding.hub.support;

import java.util.HashMap;
import java.util.Map;
import org.safeguarding.hub.system.HubProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * {@link HubProperties} bound the way Spring Boot binds them, from a few {@code hub.*} settings with every other
 * setting at its default: tests outside a Spring context stay correct when settings are added.
 */
public final class TestHubProperties {

    private TestHubProperties() {
    }

    /** @param settings alternating keys (without "hub.") and values, e.g. "alerts.reference-prefix", "ESX" */
    public static HubProperties with(String... settings) {
        Map<String, String> values = new HashMap<>();
        values.put("hub.public-base-url", "https://alerts.example.org.uk");
        for (int i = 0; i + 1 < settings.length; i += 2) {
            values.put("hub." + settings[i], settings[i + 1]);
        }
        return new Binder(new MapConfigurationPropertySource(values)).bind("hub", HubProperties.class).get();
    }
}
