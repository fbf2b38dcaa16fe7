package io.github.kcrecovery.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Latencies per step and per identifier kind ({@code known} account or {@code unknown} identifier), and errors, for
 * the benchmark and the timing ITs.
 * Samples are kept whole (a 5-minute run holds well under a million) and sorted for exact percentiles.
 */
public final class Timings {

    public enum Kind { KNOWN, UNKNOWN }

    /** {@code -Dtiming.requests}: the timing ITs' timed requests of each kind (100; docs/performance.md's runs took 200). */
    public static final int TIMED_REQUESTS = Integer.getInteger("timing.requests", 100);

    /** Sorted latencies in nanoseconds. */
    public record Summary(long count, long p50, long p95, long p99, long max) {

        public static Summary of(long[] sorted) {
            if (sorted.length == 0) {
                return new Summary(0, 0, 0, 0, 0);
            }
            return new Summary(sorted.length, at(sorted, 0.50), at(sorted, 0.95), at(sorted, 0.99), sorted[sorted.length - 1]);
        }

        private static long at(long[] sorted, double quantile) {
            return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)];
        }
    }

    private final Map<String, Samples> samples = new ConcurrentSkipListMap<>();
    private final Map<String, AtomicLong> errors = new ConcurrentSkipListMap<>();
    private final Map<String, String> firstError = new ConcurrentHashMap<>();
    private volatile boolean recording;

    public void recording(boolean on) {
        recording = on;
    }

    public void record(String step, Kind kind, long nanos) {
        if (recording) {
            samples.computeIfAbsent(step + "\u0000" + kind, k -> new Samples()).add(nanos);
        }
    }

    public void error(String step, String reason) {
        if (recording) {
            errors.computeIfAbsent(step, k -> new AtomicLong()).incrementAndGet();
            firstError.putIfAbsent(step, reason);
        }
    }

    /** Steps in the order first seen (names sort by scenario prefix). */
    public java.util.Set<String> steps() {
        java.util.Set<String> steps = new java.util.TreeSet<>();
        samples.keySet().forEach(k -> steps.add(k.substring(0, k.indexOf('\u0000'))));
        steps.addAll(errors.keySet());
        return steps;
    }

    public Summary summary(String step) {
        return Summary.of(merged(step, Kind.values()));
    }

    public Summary summary(String step, Kind kind) {
        return Summary.of(merged(step, kind));
    }

    public long errors(String step) {
        AtomicLong count = errors.get(step);
        return count == null ? 0 : count.get();
    }

    public long totalErrors() {
        return errors.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public long totalRequests() {
        return samples.values().stream().mapToLong(Samples::size).sum() + totalErrors();
    }

    public Map<String, String> firstErrors() {
        return firstError;
    }

    /** The median of {@code values}: the mean of the two middle ones for an even count. */
    public static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return (sorted.get(sorted.size() / 2) + sorted.get((sorted.size() - 1) / 2)) / 2.0;
    }

    private long[] merged(String step, Kind... kinds) {
        long[] all = new long[0];
        for (Kind kind : kinds) {
            Samples s = samples.get(step + "\u0000" + kind);
            if (s != null) {
                long[] more = s.copy();
                long[] joined = Arrays.copyOf(all, all.length + more.length);
                System.arraycopy(more, 0, joined, all.length, more.length);
                all = joined;
            }
        }
        Arrays.sort(all);
        return all;
    }

    private static final class Samples {
        private long[] values = new long[1024];
        private int size;

        synchronized void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        synchronized int size() {
            return size;
        }

        synchronized long[] copy() {
            return Arrays.copyOf(values, size);
        }
    }
}
