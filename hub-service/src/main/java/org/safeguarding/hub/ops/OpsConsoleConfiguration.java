package org.safeguarding.hub.ops;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.ObjectName;
import org.apache.camel.CamelContext;
import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleRegistry;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.jolokia.server.core.restrictor.policy.PolicyRestrictor;
import org.jolokia.server.core.service.api.Restrictor;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * What OPS reaches through the Camel developer console and Hawtio's Jolokia bridge: enough to watch, nothing to act
 * with. Jolokia takes its restrictor from this context (a {@link Restrictor} bean wins over any policy file); the
 * developer console keeps only the consoles that show the flow, not the JVM, its settings or messages in flight.
 */
@Configuration(proxyBeanMethods = false)
class OpsConsoleConfiguration {

    /**
     * Dev consoles that show the routes and their health. Left out on purpose: jvm, system-properties,
     * java-security, properties, main-configuration, bean, default-registry, variables (settings and secrets);
     * thread, route-controller (stack traces); trace, message-history, browse, debug, receive (messages, with
     * acknowledgement links); send, reload (they act).
     */
    static final Set<String> DEV_CONSOLES = Set.of("context", "route", "route-structure", "route-group", "route-dump",
            "source", "endpoint", "consumer", "producer", "processor", "health", "inflight", "blocked",
            "circuit-breaker", "memory", "gc", "service", "type-converters", "transformers", "rest",
            "startup-recorder", "internal-tasks", "event", "micrometer");

    @Bean
    Restrictor readOnlyJolokia() {
        try (InputStream policy = new ClassPathResource("hub-jolokia-access.xml").getInputStream()) {
            return new SameOriginRestrictor(new PolicyRestrictor(policy));
        } catch (IOException e) {
            throw new UncheckedIOException("the hub's Jolokia policy is missing", e);
        }
    }

    @Bean
    CamelContextConfiguration watchOnlyDevConsoles() {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                DevConsoleRegistry registry = camelContext.getCamelContextExtension().getContextPlugin(DevConsoleRegistry.class);
                if (registry != null) {
                    List<DevConsole> all = registry.stream().toList();
                    all.forEach(registry::unregister);
                    all.stream().filter(c -> DEV_CONSOLES.contains(c.getId())).map(WithoutStackTraces::new)
                            .forEach(registry::register);
                }
            }
        };
    }

    /**
     * A kept console, in JSON (all the actuator asks for), without the stack traces some add to an error (the route
     * console does for a route that failed to start or stop): the message says what happened, the trace is for logs.
     */
    record WithoutStackTraces(DevConsole console) implements DevConsole {

        @Override
        public String getGroup() {
            return console.getGroup();
        }

        @Override
        public String getId() {
            return console.getId();
        }

        @Override
        public String getDisplayName() {
            return console.getDisplayName();
        }

        @Override
        public String getDescription() {
            return console.getDescription();
        }

        @Override
        public boolean supportMediaType(MediaType mediaType) {
            return mediaType == MediaType.JSON && console.supportMediaType(mediaType);
        }

        @Override
        public Object call(MediaType mediaType, Map<String, Object> options) {
            return supportMediaType(mediaType) ? withoutStackTraces(console.call(mediaType, options)) : null;
        }

        private static Object withoutStackTraces(Object json) {
            if (json instanceof Map<?, ?> object) {
                object.keySet().removeIf(key -> String.valueOf(key).equalsIgnoreCase("stackTrace"));
                object.values().forEach(WithoutStackTraces::withoutStackTraces);
            } else if (json instanceof Collection<?> array) {
                array.forEach(WithoutStackTraces::withoutStackTraces);
            }
            return json;
        }
    }

    /**
     * The shipped policy, and same origin only: Jolokia never answers with {@code Access-Control-Allow-Origin} (Hawtio
     * is the hub's own page and needs none), and a browser request from another site (its Origin or Referer, or
     * {@code Sec-Fetch-Site}) is refused, which also closes JSONP ({@code ?callback=}) reads from other sites.
     * Scripts that send no Origin (curl, Prometheus) are not browsers and pass.
     */
    record SameOriginRestrictor(Restrictor policy) implements Restrictor {

        private static final Set<String> SAME_SITE_FETCHES = Set.of("same-origin", "none");

        @Override
        public boolean isOriginAllowed(String originOrReferer, boolean strictCheck) {
            if (!strictCheck) {
                return false;
            }
            HttpServletRequest request = RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a
                    ? a.getRequest() : null;
            if (request == null) {
                return originOrReferer == null;
            }
            String fetchSite = request.getHeader("Sec-Fetch-Site");
            if (fetchSite != null && !SAME_SITE_FETCHES.contains(fetchSite)) {
                return false;
            }
            return originOrReferer == null || sameOrigin(originOrReferer.strip(), request);
        }

        private static boolean sameOrigin(String originOrReferer, HttpServletRequest request) {
            URI origin;
            try {
                origin = URI.create(originOrReferer);
            } catch (IllegalArgumentException e) {
                return false;
            }
            return request.getScheme().equalsIgnoreCase(origin.getScheme())
                    && request.getServerName().equalsIgnoreCase(origin.getHost())
                    && request.getServerPort() == port(origin);
        }

        private static int port(URI uri) {
            return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        }

        @Override
        public boolean isHttpMethodAllowed(HttpMethod method) {
            return policy.isHttpMethodAllowed(method);
        }

        @Override
        public boolean isTypeAllowed(RequestType type) {
            return policy.isTypeAllowed(type);
        }

        @Override
        public boolean isAttributeReadAllowed(ObjectName name, String attribute) {
            return policy.isAttributeReadAllowed(name, attribute);
        }

        @Override
        public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
            return policy.isAttributeWriteAllowed(name, attribute);
        }

        @Override
        public boolean isOperationAllowed(ObjectName name, String operation) {
            return policy.isOperationAllowed(name, operation);
        }

        @Override
        public boolean isRemoteAccessAllowed(String... hostOrAddress) {
            return policy.isRemoteAccessAllowed(hostOrAddress);
        }

        @Override
        public boolean isObjectNameHidden(ObjectName name) {
            return policy.isObjectNameHidden(name);
        }

        @Override
        public boolean ignoreScheme() {
            return policy.ignoreScheme();
        }
    }
}
