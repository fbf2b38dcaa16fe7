package io.github.kcrecovery.benchmark;

import io.github.kcrecovery.benchmark.BenchUsers.BenchUser;
import io.github.kcrecovery.benchmark.RecoveryBenchmark.Workload;
import io.github.kcrecovery.testing.Postgres;
import io.github.kcrecovery.testing.TestEnvironment;
import io.github.kcrecovery.testing.Timings;
import io.github.kcrecovery.testing.Timings.Kind;
import io.github.kcrecovery.testing.Timings.Summary;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code ./bench.sh scale}: the lookups at growing user counts. Starts a PostgreSQL of its own and Keycloak on it
 * (schema and demo realm created by Keycloak), fills the demo realm by SQL ({@link UserFill}) to each level of
 * {@code bench.levels} (1000,1000000) in turn, and at each level drives {@code bench.users} (8) virtual users for
 * {@code bench.duration} (PT60S, after PT15S warm-up) through the three lookups: the phone path's identifier step
 * (phone number), forgot username by email and by phone. Prints p50/p95 per level and the p95 ratio to the first
 * level, Keycloak's statements on the user tables with their mean time per level (pg_stat_statements), the
 * indexes on those tables, and the plans of statements slower than 100 ms (auto_explain).
 * {@code -Dbench.sql="CREATE INDEX ..."} runs SQL before the last level's second measurement (before/after figures).
 */
final class ScaleBenchmark {

    static final double GOAL_P95_RATIO = 1.5;

    private ScaleBenchmark() {
    }

    static void run() throws Exception {
        long[] levels = Arrays.stream(System.getProperty("bench.levels", "1000,1000000").split(","))
                .mapToLong(Long::parseLong).toArray();
        int users = Integer.getInteger("bench.users", 8);
        Duration duration = Duration.parse(System.getProperty("bench.duration", "PT60S"));
        Duration warmup = Duration.parse(System.getProperty("bench.warmup", "PT15S"));
        String extraSql = System.getProperty("bench.sql", "");

        Postgres postgres = Postgres.start(List.of("shared_preload_libraries=auto_explain,pg_stat_statements",
                "auto_explain.log_min_duration=100ms"));
        System.out.println("PostgreSQL on port " + postgres.port());
        TestEnvironment env = TestEnvironment.start(Map.of("JAVA_OPTS_KC_HEAP", RecoveryBenchmark.heapOptions()),
                postgres.keycloakArguments());
        List<String> changes = new BenchRealms(env.admin()).prepareOurs(0);
        UserFill fill = new UserFill(postgres, BenchRealms.OURS, "anna");
        postgres.psql("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        Map<String, String> statements = new LinkedHashMap<>();

        Map<String, Map<String, Summary>> results = new LinkedHashMap<>();
        long filled = 0;
        for (long level : levels) {
            long started = System.nanoTime();
            fill.fill(filled, level);
            filled = level;
            System.out.printf("%d bench accounts in realm %s (%d accounts in all) after %d s of filling%n", level,
                    BenchRealms.OURS, fill.count(), (System.nanoTime() - started) / 1_000_000_000L);
            postgres.psql("SELECT pg_stat_statements_reset()");
            results.put(String.format("%,d", level), measure(env, users, level, warmup, duration));
            statements.put(String.format("%,d", level), userStatements(postgres));
        }
        if (!extraSql.isBlank()) {
            System.out.println("Running bench.sql: " + extraSql);
            postgres.psql(extraSql + "; ANALYZE user_entity; ANALYZE user_attribute;");
            results.put(String.format("%,d + bench.sql", filled), measure(env, users, filled, warmup, duration));
        }

        System.out.printf("%n== keycloak-recovery lookups by user count (%d virtual users, %s per level, PostgreSQL 15) ==%n",
                users, duration);
        changes.forEach(c -> System.out.println("  - " + c));
        print(results);
        statements.forEach((level, top) -> System.out.printf("%nKeycloak's statements on the user tables at %s accounts "
                + "(pg_stat_statements: calls, mean ms, max ms, query), slowest mean first:%n%s", level, top));
        System.out.println("\nindexes:");
        System.out.println(postgres.psql("SELECT tablename || ': ' || indexdef FROM pg_indexes WHERE tablename IN "
                + "('user_entity', 'user_attribute') ORDER BY tablename, indexname"));
        System.out.println("Keycloak's statements over 100 ms (auto_explain; the fill's own are left out), first 3:");
        List<String> slow = slowPlans(postgres);
        slow.stream().limit(3).forEach(System.out::println);
        System.out.println(slow.isEmpty() ? "  none" : "  (" + slow.size() + " in all)");
    }

    private static String userStatements(Postgres postgres) throws IOException, InterruptedException {
        return postgres.psql("SELECT calls || ' | ' || round(mean_exec_time::numeric, 3) || ' | ' || round(max_exec_time::numeric, 3)"
                + " || ' | ' || left(regexp_replace(query, '\\s+', ' ', 'g'), 400) FROM pg_stat_statements"
                + " WHERE (query ILIKE '%from user_entity%' OR query ILIKE '%user_attribute%') AND query NOT ILIKE '%kcrecovery-bench%'"
                + " AND query NOT ILIKE '%pg_stat_statements%' ORDER BY mean_exec_time DESC LIMIT 6");
    }

    private static Map<String, Summary> measure(TestEnvironment env, int users, long accounts, Duration warmup,
                                                Duration duration) throws InterruptedException {
        Timings timings = new Timings();
        Scenarios driver = new Scenarios(env, timings);
        AtomicLong unknownIds = new AtomicLong();
        Workload lookups = (vu, k) -> {
            Kind kind = k % 2 == 0 ? Kind.KNOWN : Kind.UNKNOWN;
            BenchUser user = kind == Kind.KNOWN ? BenchUsers.user(ThreadLocalRandom.current().nextLong(accounts))
                    : BenchUsers.unknown(unknownIds.incrementAndGet());
            switch ((int) ((k / 2 + vu) % 3)) {
                case 0 -> driver.phoneIdentifier(user, kind);
                case 1 -> driver.forgotUsername(user, kind);
                default -> driver.forgotUsernameByPhone(user, kind);
            }
        };
        RecoveryBenchmark.run(lookups, users, warmup, timings, env);
        timings.recording(true);
        RecoveryBenchmark.run(lookups, users, duration, timings, env);
        timings.recording(false);
        Map<String, Summary> summaries = new LinkedHashMap<>();
        for (String step : List.of("b3 phone: identifier (phone number)", "c3 username: email + birth date (sends email)",
                "c4 username: phone + birth date")) {
            summaries.put(step, timings.summary(step));
        }
        summaries.put("errors", new Summary(timings.totalErrors(), 0, 0, 0, 0));
        timings.firstErrors().forEach((step, reason) -> System.out.printf("  first error of '%s': %s%n", step, reason));
        return summaries;
    }

    private static void print(Map<String, Map<String, Summary>> results) {
        List<String> levels = new ArrayList<>(results.keySet());
        Map<String, Summary> first = results.get(levels.get(0));
        System.out.printf("%n%-46s %-20s %7s %8s %8s %10s%n", "lookup step", "accounts", "count", "p50 ms", "p95 ms",
                "p95/first");
        for (String step : first.keySet()) {
            if (step.equals("errors")) {
                continue;
            }
            for (String level : levels) {
                Summary s = results.get(level).get(step);
                double ratio = (double) s.p95() / Math.max(1, first.get(step).p95());
                System.out.printf(Locale.ROOT, "%-46s %-20s %7d %8.1f %8.1f %10.2f%s%n", step, level, s.count(),
                        s.p50() / 1e6, s.p95() / 1e6, ratio, ratio > GOAL_P95_RATIO ? "  NOT within goal" : "");
            }
        }
        levels.forEach(level -> System.out.printf("errors at %s: %d%n", level, results.get(level).get("errors").count()));
        System.out.printf(Locale.ROOT, "goal: p95 at the largest level within %.1fx of the first%n", GOAL_P95_RATIO);
    }

    /** auto_explain's entries in the server log (the fill's own left out), each from "duration:" to the next log line. */
    private static List<String> slowPlans(Postgres postgres) throws IOException {
        return allPlans(postgres).stream().filter(plan -> !plan.contains("kcrecovery-bench") && !plan.contains("ANALYZE")
                && !plan.contains("CREATE INDEX") && !plan.contains("count(*) FROM user_entity u JOIN realm")).toList();
    }

    private static List<String> allPlans(Postgres postgres) throws IOException {
        List<String> plans = new ArrayList<>();
        StringBuilder current = null;
        for (String line : Files.readAllLines(postgres.log())) {
            boolean logLine = line.matches("^\\d{4}-\\d\\d-\\d\\d .*");
            if (logLine && current != null) {
                plans.add(current.toString());
                current = null;
            }
            if (logLine && line.contains("duration:") && line.contains("plan:")) {
                current = new StringBuilder(line);
            } else if (current != null) {
                current.append('\n').append(line);
            }
        }
        if (current != null) {
            plans.add(current.toString());
        }
        return plans;
    }
}
