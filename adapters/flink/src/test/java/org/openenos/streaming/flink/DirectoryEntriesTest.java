package org.openenos.streaming.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openenos.streaming.StreamDirectory;

class DirectoryEntriesTest {
    @Test
    void anAssetRecordKeepsItsTimeZoneAndAttributesIncludingNullsAndStructures() {
        var attributes = new HashMap<String, Object>();
        attributes.put("ratedPower", 2.5);
        attributes.put("count", 3);
        attributes.put("site", Map.of("lat", 1.5, "name", "north"));
        attributes.put("unset", null);
        var read = DirectoryEntries.readAsset(DirectoryEntries.assetValue("Europe/Berlin", attributes));
        assertThat(read.timezone()).isEqualTo("Europe/Berlin");
        assertThat(read.attributes()).isEqualTo(attributes);
        assertThat(DirectoryEntries.readAsset(DirectoryEntries.assetValue(null, Map.of())).timezone()).isNull();
    }

    @Test
    void aTreeRecordKeepsEveryNodeWithItsParentAndModel() {
        var nodes = List.of(new StreamDirectory.TreeNode("root", null, "site"),
                new StreamDirectory.TreeNode("inv1", "root", "inverter"));
        assertThat(DirectoryEntries.readTree(DirectoryEntries.treeValue(nodes))).isEqualTo(nodes);
    }

    @Test
    void keysTellAssetsFromTreesAndOneOrganizationFromAnother() {
        assertThat(DirectoryEntries.assetKey("o1", "a1")).isNotEqualTo(DirectoryEntries.assetKey("o2", "a1"))
                .isNotEqualTo(DirectoryEntries.treeKey("o1", "a1"));
    }
}
