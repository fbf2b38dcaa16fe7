package io.github.kcrecovery.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.kcrecovery.benchmark.BenchUsers.BenchUser;
import io.github.kcrecovery.testing.AdminClient;
import io.github.kcrecovery.testing.ServerProbe;
import io.github.kcrecovery.testing.TestEnvironment;
import io.github.kcrecovery.testing.Timings;
import io.github.kcrecovery.testing.Timings.Kind;
import io.github.kcrecovery.testing.Timings.Summary;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load driver ({@code ./bench.sh}): starts Keycloak with the extension through the test harness (or, with
 * {@code -Dbench.mode=scale}, on its own PostgreSQL, see {@link ScaleBenchmark}), prepares it with
 * {@link BenchRealms}, runs {@code bench.users} virtual users for a warm-up and then {@code bench.duration} through
 * {@link Scenarios}, and prints latency per step, errors, the ratio to Keycloak's own reset step, the
 * known-vs-unknown timing of every step, and the server's heap and threads before and after, next to the goals.
 *
 * <p>Options (system properties): {@code bench.users} (50), {@code bench.duration} (PT5M), {@code bench.warmup}
 * (PT30S), {@code bench.accounts} (max(200, 4 x users)), {@code bench.scenarios} (stock,phone,username,email),
 * {@code bench.settle} (PT130S: waited before each heap figure, so that both are taken in the same state, with the
 * auth sessions of the warm-up, respectively of the run, expired).
 */
public final class RecoveryBenchmark {

    static final double GOAL_RATIO = 1.25;
    static final double GOAL_HEAP = 0.10;

    private RecoveryBenchmark() {
    }

    public static void main(String[] args) {
        try {
            if ("scale".equals(System.getProperty("bench.mode"))) {
                ScaleBenchmark.run();
            } else {
                load();
            }
        } catch (Throwable e) {
            // the harness' mail sink and SMS stub keep non-daemon threads: without the exit, exec:java would wait forever
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    private static void load() throws Exception {
        int users = Integer.getInteger("bench.users", 50);
        Duration duration = Duration.parse(System.getProperty("bench.duration", "PT5M"));
        Duration warmup = Duration.parse(System.getProperty("bench.warmup", "PT30S"));
        Duration settle = Duration.parse(System.getProperty("bench.settle", "PT130S"));
        int accounts = Integer.getInteger("bench.accounts", Math.max(200, 4 * users));
        List<String> scenarios = List.of(System.getProperty("bench.scenarios", "stock,phone,username,email").split(","));

        TestEnvironment env = TestEnvironment.start(Map.of("JAVA_OPTS_KC_HEAP", heapOptions()), List.of());
        String url = env.keycloak().baseUrl();
        ServerProbe probe = new ServerProbe(env.keycloak().jvm().orElseThrow(
                () -> new IllegalStateException("the server's JVM was not found")).pid());
        AdminClient admin = env.admin();
        BenchRealms realms = new BenchRealms(admin);
        List<String> changes = new ArrayList<>(realms.prepareOurs(accounts));
        changes.add(realms.prepareStock(accounts));

        Timings timings = new Timings();
        Scenarios driver = new Scenarios(env, timings);
        env.sms().onRequest(request -> {
            JsonNode sms = parse(request.body());
            driver.smsReceived(sms.path("to").asText(null), sms.path("text").asText(null));
        });

        System.out.printf("%nWarm-up: %d virtual users for %s%n", users, warmup);
        Workload workload = mixed(driver, users, accounts, scenarios);
        run(workload, users, warmup, timings, env);
        System.out.printf("Waiting %s for the warm-up's auth sessions to expire before the first heap figure%n", settle);
        Thread.sleep(settle.toMillis());
        OptionalLong heapBefore = probe.heapAfterGcKiB();
        Map<String, Long> classesBefore = probe.liveBytesPerClass();
        OptionalLong threadsBefore = probe.threads();

        System.out.printf("Measuring: %d virtual users for %s%n", users, duration);
        timings.recording(true);
        Instant started = Instant.now();
        long iterations = run(workload, users, duration, timings, env);
        Duration took = Duration.between(started, Instant.now());
        timings.recording(false);

        System.out.printf("Waiting %s for the run's auth sessions to expire before measuring the heap again%n", settle);
        Thread.sleep(settle.toMillis());
        OptionalLong heapAfter = probe.heapAfterGcKiB();
        Map<String, Long> classesAfter = probe.liveBytesPerClass();
        OptionalLong threadsAfter = probe.threads();

        Report report = new Report(timings);
        report.header(url, probe.pid(), users, accounts, duration, warmup, settle, heapOptions(), changes);
        report.steps();
        report.throughput(iterations, took);
        report.errors();
        report.enumeration();
        report.heap(heapBefore, heapAfter, threadsBefore, threadsAfter);
        report.heapGrowthByClass(classesBefore, classesAfter);
    }

    static String heapOptions() {
        return System.getProperty("bench.heap", "-Xms1g -Xmx1g");
    }

    /** What virtual user {@code vu} does in its {@code k}-th round. */
    interface Workload {
        void iterate(int vu, long k) throws Exception;
    }

    /** The recoveries in turn, known accounts and unknown identifiers alternating. */
    static Workload mixed(Scenarios driver, int users, int accounts, List<String> scenarios) {
        AtomicLong unknownIds = new AtomicLong();
        // each virtual user owns the accounts vu, vu + users, ...: no two wait for the same SMS
        int owned = Math.max(1, accounts / users);
        return (vu, k) -> {
            String scenario = scenarios.get((int) ((k + vu) % scenarios.size()));
            Kind kind = ((k / scenarios.size()) + vu) % 2 == 0 ? Kind.KNOWN : Kind.UNKNOWN;
            BenchUser user = kind == Kind.KNOWN ? BenchUsers.user(vu + (long) users * (k % owned))
                    : BenchUsers.unknown(unknownIds.incrementAndGet());
            switch (scenario) {
                case "stock" -> driver.stockReset(user, kind);
                case "phone" -> driver.phonePath(user, kind);
                case "username" -> driver.forgotUsername(user, kind);
                case "email" -> driver.emailPath(user, kind);
                default -> throw new IllegalArgumentException("unknown scenario " + scenario);
            }
        };
    }

    /** Runs {@code users} virtual users until {@code length} has passed; returns the rounds completed. */
    static long run(Workload workload, int users, Duration length, Timings timings, TestEnvironment env)
            throws InterruptedException {
        long deadline = System.nanoTime() + length.toNanos();
        AtomicLong completed = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(users);
        for (int vu = 0; vu < users; vu++) {
            int me = vu;
            pool.submit(() -> {
                for (long k = 0; System.nanoTime() < deadline && !Thread.currentThread().isInterrupted(); k++) {
                    try {
                        workload.iterate(me, k);
                        completed.incrementAndGet();
                    } catch (Scenarios.StepFailed e) {
                        // counted by the step; the virtual user starts over like a person would
                    } catch (Exception | AssertionError e) {
                        timings.error("driver", e.toString());
                    }
                }
            });
        }
        Thread mailCleaner = new Thread(() -> {
            // the mail sink keeps every message; the run reads none of them
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(10_000);
                    env.mail().clear();
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        mailCleaner.setDaemon(true);
        mailCleaner.start();
        pool.shutdown();
        pool.awaitTermination(length.toSeconds() + 120, TimeUnit.SECONDS);
        pool.shutdownNow();
        mailCleaner.interrupt();
        return completed.get();
    }

    private static JsonNode parse(String body) {
        try {
            return AdminClient.JSON.readTree(body);
        } catch (Exception e) {
            return AdminClient.JSON.createObjectNode();
        }
    }

    /** The printed figures, each next to its goal. */
    static final class Report {
        private final Timings timings;

        Report(Timings timings) {
            this.timings = timings;
        }

        void header(String url, long pid, int users, int accounts, Duration duration, Duration warmup, Duration settle,
                    String heap, List<String> changes) {
            System.out.printf("%n== keycloak-recovery benchmark, %s ==%n", Instant.now());
            System.out.printf("server %s (pid %d, Keycloak 26.7.3 start-dev, %s), %d cores, load average %.2f%n", url, pid,
                    heap, Runtime.getRuntime().availableProcessors(),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            System.out.printf("%d virtual users, warm-up %s, measured %s, %d accounts per realm, heap settle %s%n",
                    users, warmup, duration, accounts, settle);
            System.out.println("prepared for the run:");
            changes.forEach(c -> System.out.println("  - " + c));
        }

        void steps() {
            Summary stock = timings.summary(Scenarios.STOCK_SUBMIT);
            System.out.printf("%n%-46s %7s %8s %8s %8s %8s %6s %10s%n", "step (all identifiers)", "count", "p50 ms",
                    "p95 ms", "p99 ms", "max ms", "errors", "p50/stock");
            List<String> shortfalls = new ArrayList<>();
            for (String step : timings.steps()) {
                Summary s = timings.summary(step);
                double ratio = stock.p50() == 0 ? Double.NaN : (double) s.p50() / stock.p50();
                System.out.printf(Locale.ROOT, "%-46s %7d %8.1f %8.1f %8.1f %8.1f %6d %10.2f%n", step, s.count(),
                        ms(s.p50()), ms(s.p95()), ms(s.p99()), ms(s.max()), timings.errors(step), ratio);
                if (!step.startsWith("a") && ratio > GOAL_RATIO) {
                    shortfalls.add(String.format(Locale.ROOT, "%s %.2fx", step, ratio));
                }
            }
            System.out.printf(Locale.ROOT, "goal: each of our steps' median <= %.2fx the stock reset step's median "
                    + "(%s, %.1f ms): %s%n", GOAL_RATIO, Scenarios.STOCK_SUBMIT, ms(stock.p50()),
                    shortfalls.isEmpty() ? "met" : "NOT met by " + String.join(", ", shortfalls));
        }

        void throughput(long iterations, Duration took) {
            double seconds = took.toMillis() / 1000.0;
            System.out.printf(Locale.ROOT, "%nthroughput: %.1f recoveries/s, %.1f user actions/s (%d recoveries, %d actions in %.0f s)%n",
                    iterations / seconds, timings.totalRequests() / seconds, iterations, timings.totalRequests(), seconds);
        }

        void errors() {
            long errors = timings.totalErrors();
            System.out.printf("errors: %d (goal 0): %s%n", errors, errors == 0 ? "met" : "NOT met");
            timings.firstErrors().forEach((step, reason) -> System.out.printf("  first error of '%s': %s%n", step, reason));
        }

        void enumeration() {
            System.out.printf("%n%-46s %12s %12s %9s %12s %12s%n", "enumeration timing (same load)", "known p50",
                    "unknown p50", "diff ms", "known p95", "unknown p95");
            for (String step : timings.steps()) {
                Summary known = timings.summary(step, Kind.KNOWN);
                Summary unknown = timings.summary(step, Kind.UNKNOWN);
                if (known.count() == 0 || unknown.count() == 0) {
                    continue;
                }
                System.out.printf(Locale.ROOT, "%-46s %12.1f %12.1f %9.1f %12.1f %12.1f%n", step, ms(known.p50()),
                        ms(unknown.p50()), ms(known.p50() - unknown.p50()), ms(known.p95()), ms(unknown.p95()));
            }
            System.out.println("(security.md target: medians of existing and unknown identifiers within 10 ms; "
                    + "the SMS-code step compares an accepted code with a rejected one, so it differs by design)");
        }

        void heap(OptionalLong before, OptionalLong after, OptionalLong threadsBefore, OptionalLong threadsAfter) {
            if (before.isPresent() && after.isPresent()) {
                double growth = (double) (after.getAsLong() - before.getAsLong()) / before.getAsLong();
                System.out.printf(Locale.ROOT, "%nserver heap after full GC: before %.1f MiB, after %.1f MiB (%+.1f%%), "
                                + "goal within %.0f%%: %s%n", before.getAsLong() / 1024.0, after.getAsLong() / 1024.0,
                        growth * 100, GOAL_HEAP * 100, Math.abs(growth) <= GOAL_HEAP ? "met" : "NOT met");
            } else {
                System.out.println("\nserver heap: jcmd gave no figure");
            }
            System.out.printf("server threads: before %s, after %s%n", text(threadsBefore), text(threadsAfter));
        }

        /** Where the heap grew: the classes whose live bytes grew most between the two figures. */
        void heapGrowthByClass(Map<String, Long> before, Map<String, Long> after) {
            if (before.isEmpty() || after.isEmpty()) {
                return;
            }
            System.out.println("largest growth of live bytes per class (GC.class_histogram, before -> after):");
            after.entrySet().stream()
                    .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(12)
                    .forEach(e -> System.out.printf(Locale.ROOT, "  %+9.1f KiB  %s%n", e.getValue() / 1024.0, e.getKey()));
        }

        private static String text(OptionalLong value) {
            return value.isPresent() ? String.valueOf(value.getAsLong()) : "?";
        }

        static double ms(long nanos) {
            return nanos / 1e6;
        }
    }
}
