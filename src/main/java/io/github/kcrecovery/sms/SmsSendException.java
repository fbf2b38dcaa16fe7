package io.github.kcrecovery.sms;

import java.util.Locale;

/**
 * The gateway did not take the message. The message names the failure class and, at most, the gateway's host:
 * never the text, the full number, or anything from the gateway's answer (a realm admin reads it in the test-SMS
 * result and must not learn from it what an internal service answered).
 */
public class SmsSendException extends Exception {

    /** Why a message was not sent, as far as a realm admin may know. */
    public enum Failure {
        NOT_CONFIGURED,
        INVALID_SETTINGS,
        HOST_NOT_ALLOWED,
        ADDRESS_NOT_ALLOWED,
        UNKNOWN_HOST,
        CONNECTION_REFUSED,
        CONNECTION_FAILED,
        TLS_FAILURE,
        TIMEOUT,
        /** An HTTP status outside the success range; the message names its class (4xx, 5xx...), not the code. */
        HTTP_STATUS,
        UNEXPECTED_ANSWER,
        /** The sender's queue for the realm is full: its gateway is too slow for the traffic. */
        BUSY,
        INTERRUPTED,
        OTHER;

        /** E.g. {@code address not allowed}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    private final Failure failure;

    /** @param detail what a realm admin may read: no answer content, text or number */
    public SmsSendException(Failure failure, String detail) {
        super(failure.label() + ": " + detail);
        this.failure = failure;
    }

    public SmsSendException(Failure failure, String detail, Throwable cause) {
        super(failure.label() + ": " + detail, cause);
        this.failure = failure;
    }

    public SmsSendException(String message) {
        super(message);
        this.failure = Failure.OTHER;
    }

    public SmsSendException(String message, Throwable cause) {
        super(message, cause);
        this.failure = Failure.OTHER;
    }

    public Failure failure() {
        return failure;
    }
}
