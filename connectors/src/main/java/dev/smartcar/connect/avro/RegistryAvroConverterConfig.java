package dev.smartcar.connect.avro;

import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.types.Password;

/** Settings of {@link RegistryAvroConverter}, under Confluent's names (given as {@code value.converter.NAME}). */
public final class RegistryAvroConverterConfig extends AbstractConfig {

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(SCHEMA_REGISTRY_URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Base address of the registry's Confluent-compatible API (for Apicurio: "
                            + "http://HOST:PORT/apis/ccompat/v7), comma-separated for several, tried in order.")
            .define(BASIC_AUTH_USER_INFO, Type.PASSWORD, null, Importance.MEDIUM,
                    "USER:PASSWORD for a registry behind HTTP basic authentication; empty: none. Give it through a "
                            + "config provider (e.g. connect:${dir:/secrets/passwords:connect}), never as plain "
                            + "text.");

    public RegistryAvroConverterConfig(Map<?, ?> originals) {
        super(CONFIG_DEF, originals);
    }

    public String registryUrl() {
        return getString(SCHEMA_REGISTRY_URL);
    }

    /** The user info, or null when none is set. */
    public String userInfo() {
        Password password = getPassword(BASIC_AUTH_USER_INFO);
        return password == null ? null : password.value();
    }
}
