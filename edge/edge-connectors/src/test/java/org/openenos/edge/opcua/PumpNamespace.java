package org.openenos.edge.opcua;

import java.util.List;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.core.ValueRanks;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.methods.AbstractMethodInvocationHandler;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaMethodNode;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.Argument;

/**
 * A test address space with one object {@code Pump} ({@code ns=2;s=Pump}) and its method {@code Restart}
 * ({@code ns=2;s=Pump/Restart}): input {@code delay} (Int32), output {@code accepted} (Boolean); a negative delay is
 * refused with Bad_OutOfRange. The calls it received are kept for the test to check.
 */
final class PumpNamespace extends ManagedNamespaceWithLifecycle {
    static final String URI = "urn:openenos:test:pump";
    final List<Integer> delays = new java.util.concurrent.CopyOnWriteArrayList<>();

    PumpNamespace(OpcUaServer server) {
        super(server, URI);
        getLifecycleManager().addStartupTask(this::addNodes);
    }

    private void addNodes() {
        UaFolderNode pump = new UaFolderNode(getNodeContext(), newNodeId("Pump"), newQualifiedName("Pump"),
                LocalizedText.english("Pump"));
        getNodeManager().addNode(pump);
        pump.addReference(new Reference(pump.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(), false));
        UaMethodNode restart = UaMethodNode.builder(getNodeContext()).setNodeId(newNodeId("Pump/Restart"))
                .setBrowseName(newQualifiedName("Restart")).setDisplayName(LocalizedText.english("Restart")).build();
        AbstractMethodInvocationHandler handler = new AbstractMethodInvocationHandler(restart) {
            @Override
            public Argument[] getInputArguments() {
                return new Argument[] {new Argument("delay", NodeIds.Int32, ValueRanks.Scalar, null,
                        LocalizedText.english("seconds before the restart"))};
            }

            @Override
            public Argument[] getOutputArguments() {
                return new Argument[] {new Argument("accepted", NodeIds.Boolean, ValueRanks.Scalar, null,
                        LocalizedText.english("restart scheduled"))};
            }

            @Override
            protected Variant[] invoke(InvocationContext context, Variant[] inputs) throws UaException {
                int delay = (Integer) inputs[0].getValue();
                if (delay < 0) {
                    throw new UaException(StatusCodes.Bad_OutOfRange, "delay must not be negative");
                }
                delays.add(delay);
                return new Variant[] {new Variant(Boolean.TRUE)};
            }
        };
        restart.setInputArguments(handler.getInputArguments());
        restart.setOutputArguments(handler.getOutputArguments());
        restart.setInvocationHandler(handler);
        getNodeManager().addNode(restart);
        pump.addReference(new Reference(pump.getNodeId(), NodeIds.HasComponent, restart.getNodeId().expanded(), true));
    }

    @Override
    public void onDataItemsCreated(List<DataItem> items) {
    }

    @Override
    public void onDataItemsModified(List<DataItem> items) {
    }

    @Override
    public void onDataItemsDeleted(List<DataItem> items) {
    }

    @Override
    public void onMonitoringModeChanged(List<MonitoredItem> items) {
    }
}
