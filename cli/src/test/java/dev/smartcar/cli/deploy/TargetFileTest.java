package dev.smartcar.cli.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetFileTest {

    private static final Path REFERENCE = Path.of("../docs/target.md");

    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        Files.writeString(dir.resolve("auth"), "admin:x\n");
        Path f = dir.resolve("company.properties");
        Files.writeString(f, """
                kafka.bootstrap.servers=kafka1:9093,kafka2:9093
                registry.url=https://registry:8081/apis/ccompat/v7
                connect.url=https://connect:8083
                hbase.zookeeper.quorum=zk1:2181
                redis.url=rediss://redis:6380
                deploy.connect.auth.file=auth
                """ + text, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void theReferenceIsUpToDate() throws Exception {
        String rendered = TargetReference.render();
        if (Boolean.getBoolean("smartcar.target.write")) {
            Files.writeString(REFERENCE, rendered, StandardCharsets.UTF_8);
        }
        assertEquals(rendered, Files.readString(REFERENCE, StandardCharsets.UTF_8),
                "docs/target.md is stale: mvn -pl cli test -Dtest=TargetFileTest -Dsmartcar.target.write=true");
    }

    @Test
    void theWorkedExampleParses() throws Exception {
        // The example names the secured env's secret files, which exist only once that env was started: a copy of
        // it in a folder of its own, beside placeholder files at the paths it names, parses on any machine.
        Path example = Path.of("../stack/targets/local-secured.properties");
        Path copy = dir.resolve("stack/targets/local-secured.properties");
        Files.createDirectories(copy.getParent());
        Files.copy(example, copy);
        Properties keys = new Properties();
        try (var in = Files.newBufferedReader(example, StandardCharsets.UTF_8)) {
            keys.load(in);
        }
        for (String key : keys.stringPropertyNames()) {
            if (key.endsWith(".file") && !key.equals("app.config.file") || key.equals("kafka.acls.file")) {
                Path named = copy.getParent().resolve(keys.getProperty(key)).normalize();
                Files.createDirectories(named.getParent());
                if (!Files.exists(named)) {
                    Files.writeString(named, "placeholder:x\n");
                }
            }
        }
        TargetFile t = TargetFile.read(copy);
        assertEquals("local-secured", t.name());
        assertEquals(1, t.replicationFactor());
    }

    @Test
    void aMinimalFileHasTheDefaults() throws Exception {
        TargetFile t = TargetFile.read(write(""));
        assertEquals(3, t.replicationFactor());
        assertEquals(2, t.minInsync());
        assertEquals("company", t.name());
    }

    @Test
    void anUnknownKeyIsNamedWithItsLine() throws Exception {
        TargetException e = assertThrows(TargetException.class, () -> TargetFile.read(write("kafka.bootstrap=x:1\n")));
        assertTrue(e.getMessage().contains("line 7: kafka.bootstrap: unknown key"), e.getMessage());
        String typo = assertThrows(TargetException.class,
                () -> TargetFile.read(write("kafka.replicaton.factor=3\n"))).getMessage();
        assertTrue(typo.contains("unknown key (did you mean kafka.replication.factor?)"), typo);
    }

    @Test
    void aSecretInTheFileIsRefused() throws Exception {
        TargetException e = assertThrows(TargetException.class, () -> TargetFile.read(write(
                "connector.smartcar-hbase-sink.value.converter.basic.auth.user.info=connect:hunter2\n"
                + "app.kafka.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"app\" password=\"hunter2\";\n"
                + "connector.other-sink.value.converter.basic.auth.user.info=connect:${dir:/s:connect}\n")));
        assertTrue(e.getMessage().contains("line 7: connector.smartcar-hbase-sink.value.converter.basic.auth"
                + ".user.info: a secret written into the target file"), e.getMessage());
        assertTrue(e.getMessage().contains("line 8: app.kafka.sasl.jaas.config: the JAAS password is written"),
                e.getMessage());
        assertTrue(!e.getMessage().contains("line 9"), "USER:${provider:...} is a reference: " + e.getMessage());
        assertTrue(!e.getMessage().contains("hunter2"), "the secret must not be repeated in the message");
    }

    @Test
    void providerReferencesAreSecretsDoneRight() throws Exception {
        TargetFile t = TargetFile.read(write("app.kafka.sasl.jaas.config=x required username=\"app\""
                + " password=\"${dir:/etc/secrets:app}\";\nconnector.s.password=${file:/etc/k.properties:p}\n"));
        assertEquals("${file:/etc/k.properties:p}", t.settings("connector.", null).get("s.password"));
    }

    @Test
    void badValuesAndMissingKeysAreNamed() throws Exception {
        Path f = dir.resolve("bad.properties");
        Files.writeString(f, "kafka.bootstrap.servers=kafka1\nkafka.replication.factor=three\nredis.url=http://r:1\n"
                + "deploy.registry.auth.file=missing\n");
        String m = assertThrows(TargetException.class, () -> TargetFile.read(f)).getMessage();
        assertTrue(m.contains("line 1: kafka.bootstrap.servers: expected HOST:PORT"), m);
        assertTrue(m.contains("line 2: kafka.replication.factor: expected a whole number"), m);
        assertTrue(m.contains("line 3: redis.url: expected redis://HOST:PORT"), m);
        assertTrue(m.contains("line 4: deploy.registry.auth.file: cannot read the file"), m);
        assertTrue(m.contains("connect.url: required, missing"), m);
    }

    @Test
    void theExportGivesEachPrincipalItsClientSettingsAndTheAppItsConfig() throws Exception {
        TargetFile t = TargetFile.read(write("app.kafka.security.protocol=SASL_SSL\n"
                + "app.kafka.ssl.truststore.location=ca.crt\napp.redis.user=app\n"));
        Path base = dir.resolve("base.properties");
        Files.writeString(base, "application.id=smartcar-streams\nbootstrap.servers=127.0.0.1:9092\n");
        Path out = dir.resolve("out");
        TargetExport.export(t, out, base);
        Properties app = new Properties();
        app.load(Files.newBufferedReader(out.resolve("streams-app.properties")));
        assertEquals("kafka1:9093,kafka2:9093", app.getProperty("bootstrap.servers"));
        assertEquals("SASL_SSL", app.getProperty("security.protocol"));
        assertEquals(dir.resolve("ca.crt").toString(), app.getProperty("ssl.truststore.location"));
        assertEquals("true", app.getProperty("redis.ssl"));
        assertEquals("smartcar-streams", app.getProperty("application.id"));
        String env = Files.readString(out.resolve("target.env"));
        assertTrue(env.contains("TARGET_REPLICATION_FACTOR='3'"), env);
        assertTrue(env.contains("TARGET_DEPLOY_CONNECT_AUTH='" + dir.resolve("auth") + "'"), env);
    }
}
