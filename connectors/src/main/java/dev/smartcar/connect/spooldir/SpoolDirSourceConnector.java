package dev.smartcar.connect.spooldir;

import dev.smartcar.connect.PluginVersion;
import dev.smartcar.connect.file.LineConverters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Collects complete files dropped into a spool directory (the car-status day files), one record per line.
 * With {@code tasks.max} > 1 each task owns the files whose identity hashes to its index, so no file is ever
 * read by two tasks.
 */
public class SpoolDirSourceConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        new SpoolDirSourceConfig(props);
        String converters = LineConverters.problem(props);
        if (converters != null) {
            throw new ConnectException(converters);
        }
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return SpoolDirSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            Map<String, String> task = new HashMap<>(props);
            task.put(SpoolDirSourceConfig.TASK_INDEX, String.valueOf(i));
            task.put(SpoolDirSourceConfig.TASK_COUNT, String.valueOf(maxTasks));
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
        return SpoolDirSourceConfig.CONFIG_DEF;
    }

    /** Adds the checks that span settings or need the worker's file system. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        config.configValues().addAll(LineConverters.problems(connectorConfigs));
        Map<String, ConfigValue> values = new HashMap<>();
        config.configValues().forEach(v -> values.put(v.name(), v));
        ConfigValue spool = values.get(SpoolDirSourceConfig.SPOOL_DIR);
        if (spool != null && spool.errorMessages().isEmpty() && spool.value() != null
                && !Files.isDirectory(Path.of(spool.value().toString().trim()))) {
            spool.addErrorMessage("Directory " + spool.value() + " does not exist on the worker");
        }
        ConfigValue policy = values.get(SpoolDirSourceConfig.FINISH_POLICY);
        ConfigValue finished = values.get(SpoolDirSourceConfig.FINISHED_DIR);
        if (policy != null && finished != null && policy.errorMessages().isEmpty()
                && "MOVE".equalsIgnoreCase(String.valueOf(policy.value()).trim())
                && (finished.value() == null || finished.value().toString().isBlank())) {
            finished.addErrorMessage(SpoolDirSourceConfig.FINISHED_DIR + " must name a directory when "
                    + SpoolDirSourceConfig.FINISH_POLICY + " is MOVE (or choose DELETE or LEAVE)");
        }
        // The same rule the config's constructor applies at start, reported here instead of as a FAILED connector.
        for (ConfigValue dir : new ConfigValue[] {finished, values.get(SpoolDirSourceConfig.ERROR_DIR)}) {
            if (dir != null && spool != null && dir.errorMessages().isEmpty() && spool.errorMessages().isEmpty()
                    && dir.value() != null && spool.value() != null && !dir.value().toString().isBlank()
                    && Path.of(dir.value().toString().trim()).equals(Path.of(spool.value().toString().trim()))) {
                dir.addErrorMessage(dir.name() + " must differ from " + SpoolDirSourceConfig.SPOOL_DIR
                        + ": files moved there would be read again");
            }
        }
        return config;
    }

    /**
     * Accepts offsets submitted through {@code PATCH /connectors/{name}/offsets} when they have this connector's
     * layout (see {@link SpoolOffsets}). Whether they fit the file is for the task to see: a file whose fingerprint
     * does not match is read from its start, one shorter than the position goes to the error folder.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<Map<String, ?>, Map<String, ?>> offsets) {
        SpoolOffsets.check(offsets);
        return true;
    }

    /** Offsets are exact byte positions, so the worker's exactly-once mode can commit them with the records. */
    @Override
    public ExactlyOnceSupport exactlyOnceSupport(Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.SUPPORTED;
    }
}
