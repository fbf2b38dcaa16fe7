package io.github.kcrecovery.sms;

import io.github.kcrecovery.event.RecoveryEvents;
import io.github.kcrecovery.phone.PhoneNumbers;
import org.jboss.logging.Logger;
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
 */
public final class SmsAfterResponse {

    static final String EXECUTOR = "kcrecovery-sms";
    private static final Logger LOG = Logger.getLogger(SmsAfterResponse.class);

    private SmsAfterResponse() {
    }

    /** @param failure the request's event, recorded as an error (reason=gateway) when the gateway refuses the message */
    public static void send(KeycloakSession session, RealmModel realm, String e164, String text, RecoveryEvents.Deferred failure) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        String realmId = realm.getId();
        afterResponse(session, EXECUTOR, () -> deliver(factory, realmId, e164, text, failure));
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

    private static void deliver(KeycloakSessionFactory factory, String realmId, String e164, String text,
                                RecoveryEvents.Deferred failure) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
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
