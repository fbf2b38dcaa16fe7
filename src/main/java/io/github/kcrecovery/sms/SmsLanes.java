package io.github.kcrecovery.sms;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's SMS sender threads, shared fairly between realms: a realm runs at most {@code perRealm} sends at once
 * and queues at most {@code queuePerRealm} more; the rest is refused at once. So a realm whose gateway hangs holds
 * at most its share of threads, and every other realm's SMS leave as before. These are the node's running jobs, not
 * state: nothing here needs to be seen by other nodes.
 */
final class SmsLanes {

    /** A send, and what to do instead when it cannot run (the sender is full). */
    record Job(Runnable send, Runnable refused) {
    }

    private static final class Lane {
        int running;
        final Queue<Job> waiting = new ArrayDeque<>();
    }

    private final ThreadPoolExecutor pool;
    private final int perRealm;
    private final int queuePerRealm;
    /** One entry per realm that ever sent on this node; realms are few. */
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    SmsLanes(int threads, int perRealm, int queuePerRealm) {
        if (threads < 1 || perRealm < 1 || queuePerRealm < 0) {
            throw new IllegalArgumentException("SMS sender threads and threads per realm must be at least 1, the queue at least 0");
        }
        this.perRealm = Math.min(perRealm, threads);
        this.queuePerRealm = queuePerRealm;
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = job -> {
            Thread thread = new Thread(job, "kcrecovery-sms-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        // the queue holds jobs already admitted by their realm's lane while every thread is busy
        pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(threads * 64), factory);
        pool.allowCoreThreadTimeOut(true);
    }

    /** Runs the job's send on a pool thread, or its {@code refused} at once when the realm's queue is full. */
    void submit(String realmId, Job job) {
        Lane lane = lanes.computeIfAbsent(realmId, id -> new Lane());
        synchronized (lane) {
            if (lane.running >= perRealm) {
                if (lane.waiting.size() < queuePerRealm) {
                    lane.waiting.add(job);
                    return;
                }
            } else {
                lane.running++;
                job = dispatch(lane, job);
                if (job == null) {
                    return;
                }
            }
        }
        job.refused().run();
    }

    /** @return null when the pool took the job, else the job (its slot given back) */
    private Job dispatch(Lane lane, Job job) {
        try {
            pool.execute(() -> {
                try {
                    job.send().run();
                } finally {
                    next(lane);
                }
            });
            return null;
        } catch (RejectedExecutionException e) {
            lane.running--;
            return job;
        }
    }

    /** The finished job's slot passes to the realm's next waiting job. */
    private void next(Lane lane) {
        Job refused = null;
        synchronized (lane) {
            lane.running--;
            Job following = lane.waiting.poll();
            if (following != null) {
                lane.running++;
                refused = dispatch(lane, following);
            }
        }
        if (refused != null) {
            refused.refused().run();
        }
    }
}
