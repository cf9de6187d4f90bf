package org.openenos.streaming.flink;

/** A sample routed to the roll-ups of one tree (a sample reaches every tree a policy of the job names); a POJO. */
public class TreeInput {
    public String treeId;
    public AssetSample sample;

    public TreeInput() {
    }

    TreeInput(String treeId, AssetSample sample) {
        this.treeId = treeId;
        this.sample = sample;
    }
}
