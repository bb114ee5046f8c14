package org.safeguarding.hub.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.safeguarding.hub.AlertHubApplication;
import org.safeguarding.hub.account.TestBrowser;
import org.safeguarding.hub.support.FreePort;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A load balancer or a script that waits for the hub must not be let in before the hub can serve its users: while a
 * start-up runner (here one that stands for the demo data and the bootstrap admin) is still working, readiness and
 * the overall health say so; liveness is UP throughout; afterwards all three are UP, for anyone.
 */
class ReadinessTest {

    static final CountDownLatch STARTING_UP = new CountDownLatch(1);

    /** A start-up runner that takes as long as the test says. */
    static class SlowStartUp implements ApplicationRunner {
        @Override
        public void run(ApplicationArguments args) throws InterruptedException {
            STARTING_UP.await();
        }
    }

    /** As a load balancer or curl asks: JSON, no session. */
    private static HttpResponse<String> probe(TestBrowser anyone, String path) {
        return anyone.send(HttpRequest.newBuilder(anyone.uri(path)).header("Accept", "application/json").build());
    }

    @Test
    void theHubIsReadyOnlyOnceItsStartUpWorkIsDone() throws Exception {
        int port = FreePort.any();
        CompletableFuture<ConfigurableApplicationContext> starting = CompletableFuture.supplyAsync(() ->
                new SpringApplicationBuilder(AlertHubApplication.class, SlowStartUp.class)
                        .run("--spring.profiles.active=test", "--server.port=" + port));
        TestBrowser anyone = new TestBrowser(port);
        try {
            await().atMost(Duration.ofMinutes(2)).ignoreExceptions()
                    .until(() -> probe(anyone, "/actuator/health/liveness").statusCode() == 200);
            assertThat(probe(anyone, "/actuator/health/readiness").statusCode()).isEqualTo(503);
            assertThat(probe(anyone, "/actuator/health").statusCode()).isEqualTo(503);
            assertThat(probe(anyone, "/actuator/health/readiness").body()).contains("OUT_OF_SERVICE");
        } finally {
            STARTING_UP.countDown();
        }
        try (ConfigurableApplicationContext hub = starting.get()) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> probe(anyone, "/actuator/health/readiness").statusCode() == 200);
            assertThat(probe(anyone, "/actuator/health").statusCode()).isEqualTo(200);
            assertThat(probe(anyone, "/actuator/health/liveness").body()).contains("\"UP\"");
        }
    }
}
