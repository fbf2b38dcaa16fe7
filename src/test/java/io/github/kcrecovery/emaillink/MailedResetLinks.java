package io.github.kcrecovery.emaillink;

import io.github.kcrecovery.testing.MailSink;
import io.github.kcrecovery.testing.TestEnvironment;
import jakarta.mail.internet.MimeMessage;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reset link in the mail an address got, waited for: the mail leaves after the page has answered. */
public final class MailedResetLinks {

    private static final Pattern RESET_LINK = Pattern.compile("(https?://\\S+action-token\\S+)");

    private MailedResetLinks() {
    }

    /** The reset link of the first mail to {@code address}, within 10 s. */
    public static String to(TestEnvironment env, String address) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            List<MimeMessage> mails = env.mail().messagesTo(address);
            if (!mails.isEmpty()) {
                String body = MailSink.textBody(mails.get(0));
                Matcher link = RESET_LINK.matcher(body);
                assertTrue(link.find(), body);
                return link.group(1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no mail to " + address);
    }
}
