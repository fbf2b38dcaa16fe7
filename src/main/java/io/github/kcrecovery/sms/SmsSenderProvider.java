package io.github.kcrecovery.sms;

import org.keycloak.provider.Provider;

/**
 * Sends one text message. Implementations must never log the text: it carries codes and links.
 */
public interface SmsSenderProvider extends Provider {

    /**
     * @param phoneNumber the destination in E.164 form ({@code +79161234567}); callers normalize it first
     * @param text the message body
     * @throws SmsSendException when the gateway did not accept the message (timeout, refused, error answer)
     */
    void send(String phoneNumber, String text) throws SmsSendException;
}
