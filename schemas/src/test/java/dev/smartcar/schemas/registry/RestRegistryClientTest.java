package dev.smartcar.schemas.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.smartcar.avro.CarStatus;
import dev.smartcar.avro.DrivingRecord;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The REST client against a stand-in HTTP server that answers like the Confluent API (a unit test: the real
 * registry is exercised by {@code RegistryIT}). Checks the requests sent, the caching and the error mapping.
 */
class RestRegistryClientTest {

    private final ObjectMapper json = new ObjectMapper();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> contentTypes = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Integer> idsBySchemaText = new HashMap<>();
    private final Map<String, String> subjectConfig = new HashMap<>();
    private HttpServer server;
    private String base;

    @BeforeEach
    void startStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/", this::answer);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/api";
    }

    @AfterEach
    void stopStandIn() {
        server.stop(0);
    }

    private synchronized void answer(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath().substring("/api".length());
        requests.add(method + " " + path);
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type != null) {
            contentTypes.add(type);
        }
        JsonNode body = method.equals("GET") ? null : json.readTree(exchange.getRequestBody());
        String[] parts = path.split("/");
        if (method.equals("POST") && path.equals("/subjects/incompatible-value/versions")) {
            reply(exchange, 409, "{\"error_code\":409,\"message\":\"Schema being registered is incompatible\"}");
        } else if (method.equals("POST") && path.endsWith("/versions")) {
            int id = idsBySchemaText.computeIfAbsent(body.get("schema").asText(), s -> idsBySchemaText.size() + 1);
            reply(exchange, 200, "{\"id\":" + id + "}");
        } else if (method.equals("POST") && parts.length == 3 && parts[1].equals("subjects")) {
            Integer id = idsBySchemaText.get(body.get("schema").asText());
            if (id == null) {
                reply(exchange, 404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
            } else {
                reply(exchange, 200, "{\"subject\":\"" + parts[2] + "\",\"id\":" + id + ",\"version\":1}");
            }
        } else if (path.equals("/schemas/ids/500")) {
            reply(exchange, 500, "<html>oops</html>");
        } else if (method.equals("GET") && path.startsWith("/schemas/ids/")) {
            int id = Integer.parseInt(parts[3]);
            String text = idsBySchemaText.entrySet().stream().filter(e -> e.getValue() == id)
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            if (text == null) {
                reply(exchange, 404, "{\"error_code\":40403,\"message\":\"Schema " + id + " not found\"}");
            } else {
                reply(exchange, 200, json.createObjectNode().put("schema", text).toString());
            }
        } else if (method.equals("PUT") && parts[1].equals("config")) {
            subjectConfig.put(parts[2], body.get("compatibility").asText());
            reply(exchange, 200, body.toString());
        } else if (method.equals("GET") && path.equals("/config")) {
            reply(exchange, 200, "{\"compatibilityLevel\":\"FULL\"}");
        } else if (method.equals("GET") && parts[1].equals("config")) {
            String level = subjectConfig.get(parts[2]);
            if (level == null) {
                reply(exchange, 404, "{\"error_code\":40401,\"message\":\"Subject not found\"}");
            } else {
                reply(exchange, 200, "{\"compatibilityLevel\":\"" + level + "\"}");
            }
        } else {
            reply(exchange, 404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}");
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private RestRegistryClient client(String urls) {
        return new RestRegistryClient(urls, Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @Test
    void registersOnceAndCachesIdsBothWays() {
        RestRegistryClient client = client(base);

        int id = client.register("smartcar.driving-value", DrivingRecord.getClassSchema());
        int again = client.register("smartcar.driving-value", DrivingRecord.getClassSchema());
        int other = client.register("smartcar.status-value", CarStatus.getClassSchema());

        assertEquals(id, again);
        assertEquals(DrivingRecord.getClassSchema(), client.schemaById(id), "from the cache filled by register");
        assertEquals(List.of("POST /subjects/smartcar.driving-value/versions",
                "POST /subjects/smartcar.status-value/versions"),
                requests);
        assertTrue(contentTypes.stream().allMatch(t -> t.equals("application/vnd.schemaregistry.v1+json")),
                contentTypes.toString());
        assertEquals(2, other);
    }

    @Test
    void readsASchemaByIdOnceFromTheRegistry() {
        client(base).register("s", DrivingRecord.getClassSchema());
        requests.clear();
        RestRegistryClient fresh = client(base);

        assertEquals(DrivingRecord.getClassSchema(), fresh.schemaById(1));
        assertEquals(DrivingRecord.getClassSchema(), fresh.schemaById(1));
        assertEquals(List.of("GET /schemas/ids/1"), requests);
    }

    @Test
    void lookupFindsRegisteredSchemasAndReportsMissingOnesAsEmpty() {
        RestRegistryClient client = client(base);
        assertTrue(client.lookup("s", CarStatus.getClassSchema()).isEmpty());
        client(base).register("s", CarStatus.getClassSchema());
        assertEquals(1, client.lookup("s", CarStatus.getClassSchema()).getAsInt());
    }

    @Test
    void errorsCarryStatusCodeAndTheRegistryMessage() {
        RestRegistryClient client = client(base);

        RegistryException incompatible = assertThrows(RegistryException.class,
                () -> client.register("incompatible-value", DrivingRecord.getClassSchema()));
        assertEquals(409, incompatible.status());
        assertEquals(409, incompatible.errorCode());
        assertTrue(incompatible.getMessage().contains("incompatible-value")
                && incompatible.getMessage().contains("Schema being registered is incompatible"),
                        incompatible.getMessage());

        RegistryException missing = assertThrows(RegistryException.class, () -> client.schemaById(99));
        assertEquals(RegistryException.SCHEMA_NOT_FOUND, missing.errorCode());
        assertTrue(missing.getMessage().contains("schema id 99"), missing.getMessage());
    }

    @Test
    void subjectCompatibilityFallsBackToTheGlobalLevel() {
        RestRegistryClient client = client(base);
        assertEquals(CompatibilityLevel.FULL, client.compatibility("s"));
        client.setCompatibility("s", CompatibilityLevel.BACKWARD);
        assertEquals(CompatibilityLevel.BACKWARD, client.compatibility("s"));
        assertTrue(requests.contains("PUT /config/s"), requests.toString());
    }

    @Test
    void unreachableRegistryNamesTheAddressAndTriesTheNextOne() {
        String dead = "http://127.0.0.1:1/api";
        RegistryException e = assertThrows(RegistryException.class,
                () -> client(dead).register("s", CarStatus.getClassSchema()));
        assertTrue(e.getMessage().contains("127.0.0.1:1") && e.getMessage().contains("register"), e.getMessage());

        assertEquals(1, client(dead + "," + base).register("s", CarStatus.getClassSchema()));
    }

    @Test
    void nonJsonAnswerIsReportedWithItsStatus() {
        RegistryException e = assertThrows(RegistryException.class, () -> client(base).schemaById(500));
        assertEquals(500, e.status());
        assertTrue(e.getMessage().contains("HTTP 500") && e.getMessage().contains("not JSON"), e.getMessage());
    }

    @Test
    void urlsMustBeHttp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> client("registry:8081"));
        assertTrue(e.getMessage().contains("schema.registry.url"), e.getMessage());
    }

    @Test
    void userInfoMustBeUserColonPasswordAndIsNeverRepeated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RestRegistryClient.withUserInfo("http://127.0.0.1:1/apis/ccompat/v7", "hunter2"));
        assertTrue(e.getMessage().contains("the registry's user info: expected USER:PASSWORD"), e.getMessage());
        assertTrue(!e.getMessage().contains("hunter2"), "the secret is not repeated: " + e.getMessage());
    }
}
