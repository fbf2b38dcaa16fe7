package io.github.kcrecovery.sms;

import io.github.kcrecovery.event.RecoveryEvents;
import io.github.kcrecovery.phone.PhoneNumbers;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.concurrent.ExecutorService;

/**
 * Sends an SMS AFTER the response: once the request's transaction has committed, a pool thread sends it in its own
 * session. So a slow or failing gateway shows neither in the response time nor on the page, which would tell real
 * accounts from unknown ones (they send nothing). The request decides, counts and renders the text; the text is
 * handed over in memory only and never logged.
 *
 * <p>The pool is bounded and shared fairly between realms ({@link SmsLanes}): a realm whose own gateway hangs holds
 * at most its share of threads, and its SMS beyond its queue are refused (an error event) instead of delaying
 * other realms'. Server options, SPI level: {@code --spi-sms-sender--threads} (default {@value #DEFAULT_THREADS}),
 * {@code --spi-sms-sender--threads-per-realm} ({@value #DEFAULT_THREADS_PER_REALM}),
 * {@code --spi-sms-sender--queue-per-realm} ({@value #DEFAULT_QUEUE_PER_REALM}).
 */
public final class SmsAfterResponse {

    static final int DEFAULT_THREADS = 16;
    static final int DEFAULT_THREADS_PER_REALM = 4;
    static final int DEFAULT_QUEUE_PER_REALM = 100;
    private static final Logger LOG = Logger.getLogger(SmsAfterResponse.class);
    /** Threads of this node, created on first use; they end when idle. */
    private static volatile SmsLanes lanes;

    private SmsAfterResponse() {
    }

    /** @param failure the request's event, recorded as an error (reason=gateway) when the gateway refuses the message */
    public static void send(KeycloakSession session, RealmModel realm, String e164, String text, RecoveryEvents.Deferred failure) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        String realmId = realm.getId();
        SmsLanes.Job job = new SmsLanes.Job(() -> deliver(factory, realmId, e164, text, failure),
                () -> refused(factory, realmId, e164, failure));
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                lanes().submit(realmId, job);
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    /**
     * Runs {@code job} on a pool thread of {@code executor} once the request's transaction has committed; rolled
     * back, it never runs. The job opens its own session (the request's is closed by then).
     */
    public static void afterResponse(KeycloakSession session, String executor, Runnable job) {
        ExecutorService pool = session.getProvider(ExecutorsProvider.class).getExecutor(executor);
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                pool.execute(job);
            }

            @Override
            protected void rollbackImpl() {
            }
        });
    }

    private static SmsLanes lanes() {
        SmsLanes current = lanes;
        if (current == null) {
            synchronized (SmsAfterResponse.class) {
                if (lanes == null) {
                    Config.Scope config = Config.scope("sms-sender");
                    lanes = new SmsLanes(config.getInt("threads", DEFAULT_THREADS),
                            config.getInt("threads-per-realm", DEFAULT_THREADS_PER_REALM),
                            config.getInt("queue-per-realm", DEFAULT_QUEUE_PER_REALM));
                }
                current = lanes;
            }
        }
        return current;
    }

    /** The realm's queue is full: its gateway is too slow for its traffic. The same error event as a failed send. */
    private static void refused(KeycloakSessionFactory factory, String realmId, String e164, RecoveryEvents.Deferred failure) {
        LOG.warnf("SMS to %s not sent: %s", PhoneNumbers.mask(e164),
                new SmsSendException(SmsSendException.Failure.BUSY, "the realm's SMS queue is full").getMessage());
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                session.getContext().setRealm(realm);
                failure.error(session, realm, "gateway", RecoveryEvents.ERROR_SMS_FAILED);
            });
        } catch (RuntimeException e) {
            LOG.warnf("SMS failure event for %s not recorded: %s", PhoneNumbers.mask(e164), e.toString());
        }
    }

    private static void deliver(KeycloakSessionFactory factory, String realmId, String e164, String text,
                                RecoveryEvents.Deferred failure) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                if (realm == null) {
                    // removed since the request: its gateway settings are gone, the server's must not stand in
                    LOG.warnf("SMS to %s not sent: its realm was removed", PhoneNumbers.mask(e164));
                    return;
                }
                // the http sender reads the realm's own gateway settings from the context
                session.getContext().setRealm(realm);
                try {
                    SmsSenderProvider sender = session.getProvider(SmsSenderProvider.class);
                    if (sender == null) {
                        throw new SmsSendException("no sms-sender provider configured");
                    }
                    sender.send(e164, text);
                } catch (SmsSendException | RuntimeException e) {
                    LOG.warnf("SMS to %s not sent: %s", PhoneNumbers.mask(e164), e.getMessage());
                    failure.error(session, realm, "gateway", RecoveryEvents.ERROR_SMS_FAILED);
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf("SMS to %s not sent: %s", PhoneNumbers.mask(e164), e.toString());
        }
    }
}
