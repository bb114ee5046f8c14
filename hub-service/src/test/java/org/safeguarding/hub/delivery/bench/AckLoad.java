package org.safeguarding.hub.delivery.bench;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.safeguarding.hub.account.TestBrowser;
import org.safeguarding.hub.delivery.AcknowledgementLinks;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Schools confirming: {@code clients} threads, each a browser of its own, open a school's acknowledgement page and post
 * its form (302 is a recorded confirmation), school after school as their links are registered (those not yet
 * confirmed), until stopped. Reports the POSTs' rate and latency, and {@code during}: what else the hub was doing
 * ("fanout" while the alert still went out, "nothing" after). Local only: the hub on 127.0.0.1.
 */
final class AckLoad implements AutoCloseable {

    private final String during;
    private final long cpuAtStart = FanoutBenchmark.processCpuNanos();
    private final long databaseCpuAtStart = FanoutBenchmark.postgresCpuNanos();
    private final BlockingQueue<Long> schools = new LinkedBlockingQueue<>();
    private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger refused = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopped;
    private volatile long firstPost;
    private volatile long lastPost;

    AckLoad(ConfigurableApplicationContext hub, long alertId, int clients, String during) {
        this.during = during;
        int port = hub.getEnvironment().getProperty("local.server.port", Integer.class);
        JdbcClient jdbc = JdbcClient.create(hub.getBean(DataSource.class));
        AcknowledgementLinks links = hub.getBean(AcknowledgementLinks.class);
        threads.add(new Thread(() -> feed(jdbc, alertId), "ack-feeder"));
        for (int i = 0; i < clients; i++) {
            threads.add(new Thread(() -> confirm(port, links, alertId), "ack-client-" + i));
        }
        threads.forEach(Thread::start);
    }

    /** The schools whose link is registered and who have not confirmed, in the order the plan writes them. */
    private void feed(JdbcClient jdbc, long alertId) {
        long after = 0;
        while (!stopped) {
            List<Long> urns = jdbc.sql("""
                            select l.urn from acknowledgement_link l where l.alert_id = :alertId and l.urn > :after
                            and not exists (select 1 from acknowledgement a where a.alert_id = l.alert_id and a.urn = l.urn)
                            order by l.urn limit 1000""").param("alertId", alertId).param("after", after)
                    .query(Long.class).list();
            schools.addAll(urns);
            if (!urns.isEmpty()) {
                after = urns.get(urns.size() - 1);
            } else {
                pause();
            }
        }
    }

    private void confirm(int port, AcknowledgementLinks links, long alertId) {
        TestBrowser school = new TestBrowser(port);
        while (!stopped) {
            Long urn;
            try {
                urn = schools.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (urn == null) {
                continue;
            }
            String page = "/ack/" + links.token(alertId, urn);
            HttpResponse<String> opened = school.get(page);
            Map<String, String> form = new LinkedHashMap<>();
            form.put("_csrf", TestBrowser.csrfField(opened.body()));
            form.put("name", "Dana Lead");
            form.put("role", "Designated safeguarding lead");
            form.put("actions", "Staff briefed");
            long start = System.nanoTime();
            int status = school.postForm(page, form).statusCode();
            long end = System.nanoTime();
            if (firstPost == 0) {
                firstPost = start;
            }
            lastPost = end;
            latencies.add(end - start);
            if (status != 302) {
                refused.incrementAndGet();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20); // polling the link table between plan chunks
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** POSTs answered so far. */
    int posts() {
        return latencies.size();
    }

    /**
     * Stops the clients and prints one line: POSTs, their rate, latency percentiles, how many were not 302, and this
     * JVM's CPU per POST (the hub's, the clients' and whatever else the hub was doing) and PostgreSQL's, if it is the
     * database.
     */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        for (Thread thread : threads) {
            thread.join();
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        int posts = sorted.size();
        double seconds = posts < 2 ? 0 : (lastPost - firstPost) / 1e9;
        double cpuMs = (FanoutBenchmark.processCpuNanos() - cpuAtStart) / 1e6;
        double databaseCpuMs = (FanoutBenchmark.postgresCpuNanos() - databaseCpuAtStart) / 1e6;
        System.out.printf(Locale.ROOT, "acks: during=%s clients=%d posts=%d rate=%.0f p50_ms=%.1f p95_ms=%.1f "
                        + "p99_ms=%.1f not_302=%d jvm_cpu_ms=%.2f db_cpu_ms=%.2f%n", during, threads.size() - 1, posts,
                seconds == 0 ? 0 : posts / seconds, percentile(sorted, 50), percentile(sorted, 95),
                percentile(sorted, 99), refused.get(), posts == 0 ? 0 : cpuMs / posts,
                posts == 0 ? 0 : databaseCpuMs / posts);
    }

    private static double percentile(List<Long> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100)) / 1e6;
    }
}
