package io.github.kcrecovery.rest;

import io.github.kcrecovery.contacts.ContactsPage;
import io.github.kcrecovery.admin.ShortLinks;
import io.github.kcrecovery.links.PublicLinks;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

/** The extension's public pages under {@code /realms/{realm}/recovery}. */
public class RecoveryPublicResource implements RealmResourceProvider {

    private final KeycloakSession session;

    RecoveryPublicResource(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public Object getResource() {
        return this;
    }

    /** {@code ?org=<alias>} and {@code ?group=<path>}: the visitor's pick, honoured only if it is listed. */
    @GET
    @Path(PublicLinks.CONTACTS)
    @Produces(MediaType.TEXT_HTML)
    public Response contacts(@QueryParam("org") String organization, @QueryParam("group") String group) {
        return new ContactsPage(session, session.getContext().getRealm()).render(organization, group);
    }

    /** The short link of an SMS sent by an admin; see {@link ShortLinks}. */
    @GET
    @Path(PublicLinks.SHORT_LINK + "/{key}")
    public Response shortLink(@PathParam("key") String key) {
        return new ShortLinks(session, session.getContext().getRealm()).follow(key);
    }

    @Override
    public void close() {
    }
}
