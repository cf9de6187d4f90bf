package org.openenos.identity;

import java.util.List;
import java.util.Optional;
import org.openenos.model.identity.CustomRole;
import org.openenos.model.identity.RoleAssignment;

/** Persistence of custom roles and of role assignments. */
public interface RoleStore {
    void insert(CustomRole role);

    void update(CustomRole role);

    /** Deletes the role and every assignment of it. */
    boolean delete(String orgId, String roleId);

    Optional<CustomRole> find(String orgId, String roleId);

    List<CustomRole> list(String orgId);

    /**
     * Adds the assignment, or replaces the scope of the holder's assignment of the same role; from then on the
     * holder is {@link #managedByAssignments managed by assignments}.
     */
    void assign(RoleAssignment assignment);

    /** The holder was given an assignment once: without any left it holds nothing (not its built-in role). */
    boolean managedByAssignments(RoleAssignment.Holder holder, String holderId);

    boolean unassign(String orgId, RoleAssignment.Holder holder, String holderId, String roleId);

    List<RoleAssignment> assignmentsOf(RoleAssignment.Holder holder, String holderId);

    List<RoleAssignment> assignments(String orgId);
}
