package org.openenos.identity;

import java.util.List;
import java.util.Optional;
import org.openenos.model.identity.Application;

/** Persistence of applications; secrets are handled in plain text here and encrypted by the implementation. */
public interface ApplicationStore {
    void insert(Application application);

    Optional<Application> find(String appKey);

    List<Application> listByOrg(String orgId);

    void update(Application application);

    boolean delete(String appKey);
}
