package io.github.kcrecovery.sms;

/** The gateway did not take the message. The message says why, without the text or the full number. */
public class SmsSendException extends Exception {

    public SmsSendException(String message) {
        super(message);
    }

    public SmsSendException(String message, Throwable cause) {
        super(message, cause);
    }
}
