package org.openenos.identity;

import java.util.List;
import java.util.Optional;
import org.openenos.model.identity.Organization;

/** Persistence of organizations. */
public interface OrganizationStore {
    void insert(Organization organization);

    Optional<Organization> find(String orgId);

    Optional<Organization> findByName(String name);

    List<Organization> list();

    void update(Organization organization);

    boolean delete(String orgId);
}
