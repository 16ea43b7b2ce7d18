package dev.smartcar.schemas.registry;

import java.util.Map;

/** The serde settings, under Confluent's names so existing configuration files keep working. */
public final class AvroSerdeConfig {

    /**
     * Base address of the registry's Confluent-compatible API (comma-separated for several), or {@code mock://name}.
     */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    /** Whether the serializer registers a schema it has not seen (default true); false = look it up, fail if absent. */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

    private final String registryUrl;
    private final boolean autoRegister;

    public AvroSerdeConfig(Map<String, ?> configs) {
        Object url = configs.get(SCHEMA_REGISTRY_URL);
        if (url == null || url.toString().isBlank()) {
            throw new IllegalArgumentException(SCHEMA_REGISTRY_URL
                    + " is not set: expected the registry's address, e.g. http://127.0.0.1:8081/apis/ccompat/v7, or "
                            + "mock://name");
        }
        this.registryUrl = url.toString().trim();
        this.autoRegister = parseBoolean(configs.get(AUTO_REGISTER_SCHEMAS), true);
    }

    public String registryUrl() {
        return registryUrl;
    }

    public boolean autoRegister() {
        return autoRegister;
    }

    private static boolean parseBoolean(Object value, boolean fallback) {
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim();
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException(AUTO_REGISTER_SCHEMAS + " is '" + value + "': expected true or false");
    }
}
