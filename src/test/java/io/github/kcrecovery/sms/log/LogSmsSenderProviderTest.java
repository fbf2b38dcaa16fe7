package io.github.kcrecovery.sms.log;

import io.github.kcrecovery.sms.SmsSendException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Without a log manager on the test classpath jboss-logging writes to java.util.logging, which is captured here. */
class LogSmsSenderProviderTest {

    private static final String TEXT = "Your code is 482913";

    private final Logger packageLogger = Logger.getLogger("io.github.kcrecovery.sms.log");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void capture() {
        capture.setLevel(Level.ALL);
        packageLogger.setLevel(Level.ALL);
        packageLogger.addHandler(capture);
    }

    @AfterEach
    void release() {
        packageLogger.removeHandler(capture);
        packageLogger.setLevel(null);
    }

    @Test
    void infoShowsOnlyLengthAndMaskedNumberAndDebugShowsTheText() throws SmsSendException {
        new LogSmsSenderProvider(true).send("+79161234567", TEXT);

        List<String> info = messagesAtOrAbove(Level.INFO);
        assertEquals(List.of("[DEV SMS] message of 19 chars for +7 ••• •••-••-67 (text logged at DEBUG in "
                + LogSmsSenderProvider.TEXT_CATEGORY + ")"), info);
        assertFalse(info.get(0).contains("482913"));
        assertFalse(info.get(0).contains("916123"));

        LogRecord debug = records.stream().filter(r -> r.getLevel().intValue() < Level.INFO.intValue()).findFirst().orElseThrow();
        assertEquals(LogSmsSenderProvider.TEXT_CATEGORY, debug.getLoggerName());
        assertTrue(debug.getMessage().contains(TEXT), debug.getMessage());
    }

    @Test
    void refusesOutsideDevModeAndLogsNothing() {
        SmsSendException e = assertThrows(SmsSendException.class, () -> new LogSmsSenderProvider(false).send("+79161234567", TEXT));
        assertTrue(e.getMessage().contains("--spi-sms-sender--provider=http"), e.getMessage());
        assertTrue(records.isEmpty());
    }

    @Test
    void refusesANumberThatIsNotE164() {
        assertThrows(SmsSendException.class, () -> new LogSmsSenderProvider(true).send("8 916 123-45-67", TEXT));
        assertTrue(records.isEmpty());
    }

    private List<String> messagesAtOrAbove(Level level) {
        return records.stream().filter(r -> r.getLevel().intValue() >= level.intValue()).map(LogRecord::getMessage).toList();
    }
}
