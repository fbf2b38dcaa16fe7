package io.github.kcrecovery.contacts;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.ErrorResponse;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import java.util.List;
import java.util.function.Supplier;

/**
 * {@code /admin/realms/{realm}/recovery/contacts}: view-realm reads, manage-realm writes (the same rights as the
 * console page, which edits the same components). Validation errors are 400 with {@code errorMessage}.
 */
public class ContactsAdminResource {

    private final KeycloakSession session;
    private final ContactStore store;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    public ContactsAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.store = new ContactStore(realm);
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.COMPONENT);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<Contact> list() {
        auth.realm().requireViewRealm();
        return store.list();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Contact get(@PathParam("id") String id) {
        auth.realm().requireViewRealm();
        return store.get(id).orElseThrow(() -> new NotFoundException("No such contact"));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(Contact contact) {
        auth.realm().requireManageRealm();
        Contact created = validated(() -> store.create(required(contact)));
        adminEvent.operation(OperationType.CREATE).resourcePath(session.getContext().getUri(), created.id())
                .representation(created).success();
        return Response.created(session.getContext().getUri().getAbsolutePathBuilder().path(created.id()).build())
                .entity(created).build();
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Contact update(@PathParam("id") String id, Contact contact) {
        auth.realm().requireManageRealm();
        Contact updated = validated(() -> store.update(id, required(contact).withId(id)))
                .orElseThrow(() -> new NotFoundException("No such contact"));
        adminEvent.operation(OperationType.UPDATE).resourcePath(session.getContext().getUri()).representation(updated).success();
        return updated;
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        auth.realm().requireManageRealm();
        if (!store.delete(id)) {
            throw new NotFoundException("No such contact");
        }
        adminEvent.operation(OperationType.DELETE).resourcePath(session.getContext().getUri()).success();
        return Response.noContent().build();
    }

    private static Contact required(Contact contact) {
        if (contact == null) {
            throw new ComponentValidationException("A contact is required");
        }
        return contact;
    }

    private static <T> T validated(Supplier<T> write) {
        try {
            return write.get();
        } catch (ComponentValidationException | IllegalArgumentException e) {
            throw ErrorResponse.error(e.getMessage(), Response.Status.BAD_REQUEST);
        }
    }
}
