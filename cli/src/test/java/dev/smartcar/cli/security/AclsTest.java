package dev.smartcar.cli.security;

import static org.apache.kafka.common.acl.AclOperation.ALTER;
import static org.apache.kafka.common.acl.AclOperation.ALTER_CONFIGS;
import static org.apache.kafka.common.acl.AclOperation.CREATE;
import static org.apache.kafka.common.acl.AclOperation.DELETE;
import static org.apache.kafka.common.acl.AclOperation.READ;
import static org.apache.kafka.common.acl.AclOperation.WRITE;
import static org.apache.kafka.common.resource.ResourceType.GROUP;
import static org.apache.kafka.common.resource.ResourceType.TOPIC;
import static org.apache.kafka.common.resource.ResourceType.TRANSACTIONAL_ID;
import static org.apache.kafka.server.authorizer.AuthorizationResult.ALLOWED;
import static org.apache.kafka.server.authorizer.AuthorizationResult.DENIED;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.metadata.authorizer.StandardAcl;
import org.apache.kafka.metadata.authorizer.StandardAuthorizer;
import org.apache.kafka.server.authorizer.Action;
import org.apache.kafka.server.authorizer.AuthorizableRequestContext;
import org.apache.kafka.server.authorizer.AuthorizationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The secured profile's least-privilege ACLs (stack/conf/acls.conf) under Kafka's own StandardAuthorizer, as the
 * brokers run it (deny by default): the gate's cheap proof of issue #22's denials and allowed paths. The same
 * denials against real brokers, with the clients' errors: stack/bin/chaos-security.sh (f1), `make chaos
 * ARGS=secured`.
 */
class AclsTest {

    private static final StandardAuthorizer AUTHORIZER = new StandardAuthorizer();

    @BeforeAll
    static void loadTheAclsFile() throws Exception {
        AUTHORIZER.withPluginMetrics(new org.apache.kafka.common.metrics.internals.PluginMetricsImpl(
                new org.apache.kafka.common.metrics.Metrics(), Map.of()));
        AUTHORIZER.configure(Map.of("super.users", "User:admin;User:broker",
                "allow.everyone.if.no.acl.found", "false"));
        int n = 0;
        for (String line : Files.readAllLines(Path.of("../stack/conf/acls.conf"))) {
            n++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] f = t.split("\\s+");
            assertEquals(5, f.length, "acls.conf line " + n);
            // (valueOf: PatternType.fromString("literal") is UNKNOWN, which matches like a prefix)
            ResourceType type = ResourceType.valueOf(f[1].replace("-", "_").toUpperCase(Locale.ROOT));
            PatternType pattern = PatternType.valueOf(f[2].toUpperCase(Locale.ROOT));
            for (String op : f[4].split(",")) {
                AclOperation operation = AclOperation.fromString(op.toLowerCase(Locale.ROOT));
                AclBinding b = new AclBinding(new ResourcePattern(type, f[3], pattern),
                        new AccessControlEntry("User:" + f[0], "*", operation, AclPermissionType.ALLOW));
                AUTHORIZER.addAcl(Uuid.randomUuid(), StandardAcl.fromAclBinding(b));
            }
        }
        AUTHORIZER.completeInitialLoad();
    }

    private static AuthorizationResult may(String user, AclOperation op, ResourceType type, String name) {
        Action action = new Action(op, new ResourcePattern(type, name, PatternType.LITERAL), 1, true, true);
        return AUTHORIZER.authorize(context(user), List.of(action)).get(0);
    }

    @Test
    void theAppsUserWritingARawTopicIsDenied() {
        assertEquals(DENIED, may("app", WRITE, TOPIC, "smartcar.driving.raw"));
        assertEquals(DENIED, may("app", WRITE, TOPIC, "smartcar.status.raw"));
    }

    @Test
    void theAppReadsTheRawTopicsAndWritesOnlyItsOutputsAndPrefixedInternalTopics() {
        assertEquals(ALLOWED, may("app", READ, TOPIC, "smartcar.driving.raw"));
        assertEquals(ALLOWED, may("app", WRITE, TOPIC, "smartcar.overspeed"));
        assertEquals(ALLOWED,
                may("app", CREATE, TOPIC, "smartcar-streams-overspeed-windows-changelog"));
        assertEquals(ALLOWED,
                may("app", WRITE, TRANSACTIONAL_ID, "smartcar-streams-1a2b-1"));
        assertEquals(DENIED, may("app", WRITE, TOPIC, "smartcar.hbase.dlq"));
        assertEquals(DENIED, may("app", CREATE, TOPIC, "other-topic"));
    }

    @Test
    void theClisUserWritesNothing() {
        for (String topic : List.of("smartcar.status.raw", "smartcar.driving.raw", "smartcar.status",
                "smartcar.driving",
                "smartcar.overspeed", "smartcar.rejected", "smartcar.setaside", "smartcar.hbase.dlq")) {
            assertEquals(ALLOWED, may("cli", READ, TOPIC, topic));
            for (AclOperation op : List.of(WRITE, CREATE, DELETE,
                    ALTER, ALTER_CONFIGS)) {
                assertEquals(DENIED, may("cli", op, TOPIC, topic), op + " " + topic);
            }
        }
        assertEquals(DENIED, may("cli", READ, GROUP, "smartcar-streams"));
    }

    @Test
    void theSourcesWriteOnlyTheRawTopicsAndTheSinkReadsOnlyTheAvroTopics() {
        assertEquals(ALLOWED, may("connect", WRITE, TOPIC, "smartcar.driving.raw"));
        assertEquals(DENIED, may("connect", WRITE, TOPIC, "smartcar.driving"));
        assertEquals(ALLOWED, may("connect", READ, TOPIC, "smartcar.driving"));
        assertEquals(DENIED, may("connect", READ, TOPIC, "smartcar.driving.raw"));
        assertEquals(ALLOWED, may("connect", WRITE, TRANSACTIONAL_ID,
                "smartcar-connect-smartcar-driving-tail-0"));
    }

    @Test
    void aPrincipalWithoutAclsIsDenied() {
        assertEquals(DENIED, may("ANONYMOUS", READ, TOPIC, "smartcar.driving.raw"));
        assertEquals(ALLOWED, may("admin", WRITE, TOPIC, "smartcar.driving.raw"));
    }

    private static AuthorizableRequestContext context(String user) {
        return new AuthorizableRequestContext() {
            @Override
            public String listenerName() {
                return ListenerName.forSecurityProtocol(SecurityProtocol.SASL_SSL).value();
            }

            @Override
            public SecurityProtocol securityProtocol() {
                return SecurityProtocol.SASL_SSL;
            }

            @Override
            public KafkaPrincipal principal() {
                return new KafkaPrincipal(KafkaPrincipal.USER_TYPE, user);
            }

            @Override
            public InetAddress clientAddress() {
                return InetAddress.getLoopbackAddress();
            }

            @Override
            public int requestType() {
                return 0;
            }

            @Override
            public int requestVersion() {
                return 0;
            }

            @Override
            public String clientId() {
                return "acls-test";
            }

            @Override
            public int correlationId() {
                return 0;
            }
        };
    }
}
