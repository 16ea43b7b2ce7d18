package dev.smartcar.connect.tail;

import dev.smartcar.connect.PluginVersion;
import dev.smartcar.connect.file.LineConverters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.util.ConnectorUtils;

/**
 * Follows growing log files (the driving log) and sends each complete line, surviving rotation by rename and
 * by copy-truncate. The {@code tail.files} entries are shared out across up to {@code tasks.max} tasks.
 */
public class TailSourceConnector extends SourceConnector {

    private Map<String, String> props;
    private List<String> entries;

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        TailSourceConfig config = new TailSourceConfig(props);
        String converters = LineConverters.problem(props, config.keyField() > 0);
        if (converters != null) {
            throw new ConnectException(converters);
        }
        this.entries = config.getList(TailSourceConfig.FILES);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return TailSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<List<String>> groups = ConnectorUtils.groupPartitions(entries, Math.min(maxTasks, entries.size()));
        List<Map<String, String>> configs = new ArrayList<>(groups.size());
        for (int i = 0; i < groups.size(); i++) {
            Map<String, String> task = new HashMap<>(props);
            task.put(TailSourceConfig.FILES, String.join(",", groups.get(i)));
            configs.add(task);
        }
        return configs;
    }

    @Override
    public void stop() {
        props = null;
    }

    @Override
    public ConfigDef config() {
        return TailSourceConfig.CONFIG_DEF;
    }

    /** Adds the converter check ({@link LineConverters}) to the settings' own. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        config.configValues().addAll(LineConverters.problems(connectorConfigs,
                TailSourceConfig.keyed(connectorConfigs)));
        return config;
    }

    /**
     * Accepts offsets submitted through {@code PATCH /connectors/{name}/offsets} when they have this connector's
     * layout (see {@link TailOffsets}). Whether it fits the file is for the task to see: a file whose fingerprint
     * does not match, or that is shorter than the position, is read from its beginning; a position inside a line
     * starts there, so take positions from {@code GET /connectors/{name}/offsets} or the records' smartcar.position
     * header.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        TailOffsets.check(offsets);
        return true;
    }

    /**
     * Offsets are byte positions of whole lines, so with the worker's exactly-once mode each poll's records and
     * the offset after them commit in one transaction (the worker's default poll-based boundaries).
     */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }
}
