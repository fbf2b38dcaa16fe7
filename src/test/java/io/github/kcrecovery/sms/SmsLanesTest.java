package io.github.kcrecovery.sms;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmsLanesTest {

    @Test
    void aRealmWhoseSendsHangLeavesTheOtherRealmsTheirThreads() throws InterruptedException {
        SmsLanes lanes = new SmsLanes(4, 2, 50);
        CountDownLatch hung = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        CountDownLatch shareStarted = new CountDownLatch(2);
        for (int i = 0; i < 10; i++) {
            lanes.submit("a", new SmsLanes.Job(() -> {
                started.incrementAndGet();
                shareStarted.countDown();
                await(hung);
            }, () -> { }));
        }
        CountDownLatch other = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            lanes.submit("b", new SmsLanes.Job(other::countDown, () -> { }));
        }

        assertTrue(other.await(5, TimeUnit.SECONDS), "realm b's sends waited for realm a's");
        // realm b may finish before realm a's second thread got going: wait for a's share, then count
        assertTrue(shareStarted.await(5, TimeUnit.SECONDS), "realm a did not get its share");
        assertEquals(2, started.get(), "realm a ran more than its share");
        hung.countDown();
    }

    @Test
    void aFullRealmQueueRefusesAtOnceAndWaitingSendsRunInTurn() throws InterruptedException {
        SmsLanes lanes = new SmsLanes(2, 1, 1);
        CountDownLatch hung = new CountDownLatch(1);
        CountDownLatch ran = new CountDownLatch(2);
        AtomicInteger refused = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            lanes.submit("a", new SmsLanes.Job(() -> {
                await(hung);
                ran.countDown();
            }, refused::incrementAndGet));
        }

        assertEquals(1, refused.get(), "one running, one waiting, the third refused");
        hung.countDown();
        assertTrue(ran.await(5, TimeUnit.SECONDS), "the waiting send did not run after the first");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
