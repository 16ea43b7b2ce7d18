package dev.smartcar.connect.hbase;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.smartcar.avro.CarStatus;
import dev.smartcar.avro.DrivingRecord;
import dev.smartcar.connect.avro.RegistryAvroConverter;
import dev.smartcar.schemas.log.CarStatusParser;
import dev.smartcar.schemas.log.DrivingLineParser;
import dev.smartcar.schemas.registry.RegistryClient;
import dev.smartcar.schemas.registry.SpecificAvroSerializer;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.junit.jupiter.api.Test;

/** The pilot's sink, fed through {@link RegistryAvroConverter}, stores the cells the contract gives each line. */
class RegistryAvroConverterLineTest {

    private static final String REGISTRY = "mock://registry-avro-converter-line-test";

    @Test
    void aStatusLineIsStoredAsItselfAndADrivingLineAsItsFields() {
        String statusLine = "20200322240000,Y0100,79,98,86,99,1,1,1,2,A,B,91";
        String drivingLine = "20200322001420,N0036,3,0,L2,L,87,C04";
        RegistryClient registry = RegistryClient.forUrl(REGISTRY);
        byte[] status;
        byte[] driving;
        try (SpecificAvroSerializer<CarStatus> s = new SpecificAvroSerializer<>(registry, true, false);
             SpecificAvroSerializer<DrivingRecord> d = new SpecificAvroSerializer<>(registry, true, false)) {
            status = s.serialize("smartcar.status", new CarStatusParser().parse(statusLine).record());
            driving = d.serialize("smartcar.driving", new DrivingLineParser().parse(drivingLine).record());
        }
        RegistryAvroConverter converter = new RegistryAvroConverter();
        converter.configure(Map.of("schema.registry.url", REGISTRY), false);
        SchemaAndValue statusValue = converter.toConnectData("smartcar.status", status);
        SchemaAndValue drivingValue = converter.toConnectData("smartcar.driving", driving);

        HBaseSinkTaskTest sink = new HBaseSinkTaskTest();
        HBaseSinkTask task = sink.start(HBaseSinkTaskTest.pilotLineProps(), new FakeSinkTaskContext(true));
        task.put(List.of(HBaseSinkTaskTest.record("smartcar.status", statusValue.schema(), statusValue.value(), 0),
                HBaseSinkTaskTest.record("smartcar.driving", drivingValue.schema(), drivingValue.value(), 1)));
        task.preCommit(HBaseSinkTaskTest.offsets(2));

        assertEquals(Map.of("cf1:line", statusLine),
                sink.store.tables.get("SmartCarStatusInfo").get("00004222300202-Y0100"));
        assertEquals(Map.of("cf1:date", "20200322001420", "cf1:car_number", "N0036", "cf1:speed_pedal", "3",
                "cf1:break_pedal", "0", "cf1:steer_angle", "L2", "cf1:direct_light", "L", "cf1:speed", "87",
                "cf1:area_number", "C04"), sink.store.tables.get("DriverCarInfo").get("02410022300202-N0036"));
    }
}
