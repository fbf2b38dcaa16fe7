package io.github.kcrecovery.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Heap and thread figures of the server's JVM on this machine: {@code jcmd <pid> GC.run}, then the "used" figure of
 * {@code GC.heap_info}; live instances and bytes per class from {@code GC.class_histogram}; threads from
 * {@code /proc/<pid>/status}.
 */
public final class ServerProbe {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");
    /** "   12:   3456   789012  org.example.Type (module@version)": instances, bytes, class. */
    private static final Pattern HISTOGRAM_LINE = Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
    private static final Pattern THREADS = Pattern.compile("(?m)^Threads:\\s+(\\d+)");

    private final long pid;

    public ServerProbe(long pid) {
        this.pid = pid;
    }

    public long pid() {
        return pid;
    }

    /** Heap in use after a full collection, in KiB. */
    public OptionalLong heapAfterGcKiB() {
        jcmd("GC.run");
        // a second collection lets objects freed by finalizers/cleaners of the first go too
        jcmd("GC.run");
        Matcher matcher = USED.matcher(jcmd("GC.heap_info"));
        return matcher.find() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
    }

    /** Bytes of live objects per class ({@code GC.class_histogram} collects first). */
    public Map<String, Long> liveBytesPerClass() {
        return histogram(2);
    }

    /** The entry class of Keycloak's single-use-object store ({@code session.singleUseObjects()}, 26.x). */
    public static final String SINGLE_USE_OBJECT_ENTRY = "org.keycloak.models.sessions.infinispan.entities.SingleUseObjectValueEntity";

    /** Live entries of the single-use-object store in this JVM (after a collection). */
    public long singleUseObjects() {
        return liveInstancesPerClass().getOrDefault(SINGLE_USE_OBJECT_ENTRY, 0L);
    }

    /** Live instances per class ({@code GC.class_histogram} collects first). */
    public Map<String, Long> liveInstancesPerClass() {
        return histogram(1);
    }

    private Map<String, Long> histogram(int column) {
        Map<String, Long> figures = new HashMap<>();
        Matcher matcher = HISTOGRAM_LINE.matcher(jcmd("GC.class_histogram"));
        while (matcher.find()) {
            figures.merge(matcher.group(3), Long.parseLong(matcher.group(column)), Long::sum);
        }
        return figures;
    }

    public OptionalLong threads() {
        try {
            Matcher matcher = THREADS.matcher(Files.readString(Path.of("/proc/" + pid + "/status")));
            return matcher.find() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** All threads with their stacks ({@code jcmd Thread.print}). */
    public String threadDump() {
        return jcmd("Thread.print");
    }

    private String jcmd(String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process process = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command)
                    .redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(60, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
