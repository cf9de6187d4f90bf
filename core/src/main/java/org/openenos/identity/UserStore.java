package org.openenos.identity;

import java.util.List;
import java.util.Optional;
import org.openenos.model.identity.User;

/** Persistence of users and their password hashes. */
public interface UserStore {
    void insert(User user, String passwordHash);

    Optional<User> find(String userId);

    Optional<User> findByUsername(String username);

    Optional<String> passwordHash(String userId);

    List<User> listByOrg(String orgId);

    void update(User user);

    void updatePasswordHash(String userId, String passwordHash);

    boolean delete(String userId);

    long count();
}
