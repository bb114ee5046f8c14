package org.safeguarding.hub.demo.notify;

import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** The Notify simulator's API under /demo/notify, where the embedded default's hub.sms.notify.base-url points. */
@RestController
@ConditionalOnProperty(name = "hub.sms.simulator.enabled", havingValue = "true")
class NotifySimulatorController {

    private final NotifySimulator simulator;

    NotifySimulatorController(NotifySimulator simulator) {
        this.simulator = simulator;
    }

    @PostMapping("/demo/notify/v2/notifications/sms")
    ResponseEntity<String> sendSms(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
            @RequestBody String body) {
        return simulator.sendSms(auth, body);
    }

    @GetMapping("/demo/notify/v2/notifications/{id}")
    ResponseEntity<String> notification(@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) String auth,
            @PathVariable String id) {
        return simulator.getNotification(auth, id);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(NotifySimulatorProperties.class)
    @ConditionalOnProperty(name = "hub.sms.simulator.enabled", havingValue = "true")
    static class Wiring {

        @Bean(destroyMethod = "shutdown")
        NotifySimulator notifySimulator(NotifySimulatorProperties settings, Environment environment) {
            // Notify's own clock, not the hub's: the client signs its JWT with the real time
            return new NotifySimulator(settings, environment, Clock.systemUTC());
        }
    }
}
