package io.github.kcrecovery.testing;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** An SMTP server on 127.0.0.1 that keeps every message Keycloak sends. */
public final class MailSink implements AutoCloseable {

    private final GreenMail greenMail;

    MailSink(int port) {
        greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
    }

    public int port() {
        return greenMail.getSmtp().getPort();
    }

    /** All messages received so far, oldest first. */
    public List<MimeMessage> messages() {
        return List.of(greenMail.getReceivedMessages());
    }

    public List<MimeMessage> messagesTo(String address) {
        return messages().stream().filter(m -> isAddressedTo(m, address)).toList();
    }

    /** Waits until at least {@code count} messages arrived in total, and returns them all. */
    public List<MimeMessage> awaitMessages(int count, Duration timeout) {
        if (!greenMail.waitForIncomingEmail(timeout.toMillis(), count)) {
            throw new AssertionError("expected " + count + " mail(s) within " + timeout + ", got " + messages().size());
        }
        return messages();
    }

    public void clear() {
        try {
            greenMail.purgeEmailFromAllMailboxes();
        } catch (FolderException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text/plain part of a message (Keycloak sends multipart/alternative text + HTML). */
    public static String textBody(MimeMessage message) {
        try {
            String text = findText(message);
            if (text == null) {
                throw new AssertionError("no text/plain part in mail '" + message.getSubject() + "'");
            }
            return text;
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String findText(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            return (String) part.getContent();
        }
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                String text = findText(child);
                if (text != null) {
                    return text;
                }
            }
        }
        return null;
    }

    private static boolean isAddressedTo(MimeMessage message, String address) {
        try {
            var recipients = message.getRecipients(Message.RecipientType.TO);
            return recipients != null && Arrays.stream(recipients)
                    .anyMatch(r -> ((InternetAddress) r).getAddress().equalsIgnoreCase(address));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
