package dev.smartcar.connect.hbase;

import dev.smartcar.connect.PluginVersion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Writes Avro records (Connect Structs from the worker's converter) to HBase tables, one row per record, with
 * the row key and columns laid out by configuration: the smart-car pilot's DriverCarInfo and
 * SmartCarStatusInfo tables are one such layout.
 */
public class HBaseSinkConnector extends SinkConnector {

    private Map<String, String> props;

    @Override
    public String version() {
        return PluginVersion.get();
    }

    @Override
    public void start(Map<String, String> props) {
        new HBaseSinkConfig(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return HBaseSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            Map<String, String> config = new HashMap<>(props);   // the worker tags each task's metrics with its id
            config.put(HBaseSinkTask.TASK_NUMBER, Integer.toString(i));   // names its bulk staging folder
            configs.add(config);
        }
        return configs;
    }

    @Override
    public void stop() {
        props = null;
    }

    @Override
    public ConfigDef config() {
        return HBaseSinkConfig.CONFIG_DEF;
    }
}
