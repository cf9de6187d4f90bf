package org.openenos.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.openenos.error.OpenEnosException;

class WorkflowDagTest {
    private static TaskSpec task(String name) {
        return new TaskSpec(name, TaskKind.SQL, null, 0, 0, 0, 0);
    }

    private static Workflow flow(List<TaskSpec> tasks, List<Relation> relations) {
        return new Workflow(1, "o", "f", null, null, "D", false, null, tasks, relations, null, null, null);
    }

    @Test
    void tasksAreOrderedAfterTheirUpstreamTasks() {
        WorkflowDag dag = WorkflowDag.of(flow(List.of(task("report"), task("load"), task("kpi")),
                List.of(new Relation("load", "kpi", true), new Relation("kpi", "report", false))));
        assertThat(dag.order()).containsExactly("load", "kpi", "report");
        assertThat(dag.upstreamOf("report")).containsExactly("kpi");
    }

    @Test
    void aCycleIsRefusedNamingTheTasksInIt() {
        assertThatThrownBy(() -> WorkflowDag.of(flow(List.of(task("a"), task("b"), task("c")),
                List.of(new Relation("a", "b", true), new Relation("b", "c", true), new Relation("c", "b", true)))))
                .isInstanceOf(OpenEnosException.class).hasMessageContaining("b, c form a cycle");
    }

    @Test
    void aDependencyOnAnUnknownTaskIsRefusedNamingTheTask() {
        assertThatThrownBy(() -> WorkflowDag.of(flow(List.of(task("kpi")), List.of(new Relation("load", "kpi",
                true))))).hasMessage("task kpi depends on unknown task load");
    }

    @Test
    void aRerunFollowsOnlyRelationsMarkedRerun() {
        WorkflowDag dag = WorkflowDag.of(flow(List.of(task("a"), task("b"), task("c"), task("d")),
                List.of(new Relation("a", "b", true), new Relation("b", "c", false), new Relation("a", "d", true))));
        assertThat(dag.withRerunSuccessors("a")).containsExactlyInAnyOrder("a", "b", "d");
    }
}
