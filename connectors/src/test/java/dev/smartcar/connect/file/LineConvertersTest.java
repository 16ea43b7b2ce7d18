package dev.smartcar.connect.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class LineConvertersTest {

    private static final String BYTES = "org.apache.kafka.connect.converters.ByteArrayConverter";

    @Test
    void byteArrayConvertersForValueAndHeadersPass() {
        assertEquals(List.of(), LineConverters.problems(Map.of("value.converter", BYTES, "header.converter", " "
                + BYTES)));
        assertNull(LineConverters.problem(Map.of("value.converter", BYTES, "header.converter", BYTES)));
    }

    @Test
    void aStringConverterOrAMissingSettingIsNamedWithWhatIsExpected() {
        List<ConfigValue> problems = LineConverters.problems(
                Map.of("value.converter", "org.apache.kafka.connect.storage.StringConverter"));
        assertEquals(List.of("value.converter", "header.converter"), problems.stream().map(ConfigValue::name).toList());
        String value = problems.get(0).errorMessages().get(0);
        assertTrue(value.startsWith("value.converter must be " + BYTES) && value.endsWith(
                "it is org.apache.kafka.connect.storage.StringConverter"), value);
        assertTrue(problems.get(1).errorMessages().get(0).endsWith("it is not set, so the worker's default would "
                + "apply"));
        assertTrue(LineConverters.problem(Map.of()).contains("; header.converter must be"));
    }

    @Test
    void aKeyedSourceNeedsTheByteArrayConverterForTheKeyToo() {
        Map<String, String> unkeyed = Map.of("value.converter", BYTES, "header.converter", BYTES,
                "key.converter", "org.apache.kafka.connect.storage.StringConverter");
        assertNull(LineConverters.problem(unkeyed), "without a key, the key converter is the worker's business");
        List<ConfigValue> problems = LineConverters.problems(unkeyed, true);
        assertEquals(List.of("key.converter"), problems.stream().map(ConfigValue::name).toList());
        assertTrue(problems.get(0).errorMessages().get(0).startsWith("key.converter must be " + BYTES));
        assertNull(LineConverters.problem(Map.of("value.converter", BYTES, "header.converter", BYTES,
                "key.converter", BYTES), true));
    }
}
