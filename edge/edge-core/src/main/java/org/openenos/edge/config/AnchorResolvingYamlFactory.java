package org.openenos.edge.config;

import java.io.Reader;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.io.IOContext;
import tools.jackson.dataformat.yaml.YAMLAnchorReplayingParser;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * A YAML factory whose parser resolves aliases. Jackson's default YAML parser hands an alias ({@code *meter}) to
 * the data binding as the plain string "meter", so a template shared through an anchor fails to load; the
 * replaying parser emits the anchored node again at every alias (within Jackson's bounds on anchors and replayed
 * events, which keep a "billion laughs" file from exhausting memory).
 */
final class AnchorResolvingYamlFactory extends YAMLFactory {

    AnchorResolvingYamlFactory() {
    }

    private AnchorResolvingYamlFactory(AnchorResolvingYamlFactory source) {
        super(source);
    }

    @Override
    public AnchorResolvingYamlFactory copy() {
        return new AnchorResolvingYamlFactory(this);
    }

    @Override
    protected YAMLParser _createParser(ObjectReadContext readCtxt, IOContext ioCtxt, Reader reader) {
        return new YAMLAnchorReplayingParser(readCtxt, ioCtxt, _getBufferRecycler(),
                readCtxt.getStreamReadFeatures(_streamReadFeatures), readCtxt.getFormatReadFeatures(_formatReadFeatures),
                _loadSettings, reader);
    }
}
