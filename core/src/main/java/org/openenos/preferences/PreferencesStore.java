package org.openenos.preferences;

import java.util.Optional;

/** The preferences of each user, by user id. */
public interface PreferencesStore {
    Optional<UserPreferences> find(String userId);

    void save(String userId, UserPreferences preferences);
}
