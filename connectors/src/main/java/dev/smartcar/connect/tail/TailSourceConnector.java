package dev.smartcar.connect.tail;

import dev.smartcar.connect.PluginVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.connect.util.ConnectorUtils;

/**
 * Follows growing log files (the driving log) and sends each complete line, surviving rotation by rename and
 * by copy-truncate. The {@code tail.files} entries are shared out across up to {@code tasks.max} tasks.
 */
public class TailSourceConnector extends SourceConnector {

    /** Set on each task's config, to name its metrics bean. */
    static final String TASK_INDEX = "task.index";

    private Map<String, String> props;
    private List<String> entries;

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        TailSourceConfig config = new TailSourceConfig(props);
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
            task.put(TASK_INDEX, String.valueOf(i));
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

    /**
     * Offsets are byte positions of whole lines, so with the worker's exactly-once mode each poll's records and
     * the offset after them commit in one transaction (the worker's default poll-based boundaries).
     */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }
}
