package io.github.kcrecovery.sms.log;

import io.github.kcrecovery.phone.PhoneNumbers;
import io.github.kcrecovery.sms.SmsSendException;
import io.github.kcrecovery.sms.SmsSenderProvider;
import org.jboss.logging.Logger;

/**
 * Development sender: writes the message to the server log instead of sending it. At INFO only the length
 * and the masked number appear; the text (it carries codes) only at DEBUG in {@value #TEXT_CATEGORY}.
 */
public class LogSmsSenderProvider implements SmsSenderProvider {

    static final String TEXT_CATEGORY = "io.github.kcrecovery.sms.log.text";

    private static final Logger LOG = Logger.getLogger(LogSmsSenderProvider.class);
    private static final Logger TEXT_LOG = Logger.getLogger(TEXT_CATEGORY);

    private final boolean enabled;

    /** @param enabled false outside dev mode unless allowed: a production server must not "send" into its log */
    public LogSmsSenderProvider(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public void send(String phoneNumber, String text) throws SmsSendException {
        if (!enabled) {
            throw new SmsSendException("The 'log' SMS sender only works in dev mode; choose a real one with "
                    + "--spi-sms-sender--provider=http (or set --spi-sms-sender--log--allow-in-production=true)");
        }
        String masked;
        try {
            masked = PhoneNumbers.mask(phoneNumber);
        } catch (IllegalArgumentException e) {
            throw new SmsSendException("The destination is not an E.164 number");
        }
        LOG.infof("[DEV SMS] message of %d chars for %s (text logged at DEBUG in %s)", text.length(), masked, TEXT_CATEGORY);
        TEXT_LOG.debugf("[DEV SMS] to %s: %s", masked, text);
    }

    @Override
    public void close() {
    }
}
