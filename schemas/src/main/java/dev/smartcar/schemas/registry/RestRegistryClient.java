package dev.smartcar.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Client of a Confluent-compatible schema registry REST API (Confluent itself, or Apicurio's {@code ccompat}
 * API) over {@link HttpClient}. Several comma-separated base addresses may be given: each call tries them in
 * order until one answers. Ids are cached both ways; the registry is immutable per id, so the caches never expire.
 */
public final class RestRegistryClient implements RegistryClient {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Map<String, RestRegistryClient> SHARED = new ConcurrentHashMap<>();

    private final List<URI> baseUrls;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final String authorization;

    /**
     * The environment variable naming a file that holds {@code USER:PASSWORD} on its first line: every call then
     * authenticates with HTTP basic authentication (a registry behind basic auth: the stack's secured profile, or a
     * deploy target's {@code registry.basic.auth.file}). Unset: no authentication.
     */
    public static final String AUTH_FILE_ENV = "SMARTCAR_REGISTRY_AUTH_FILE";

    public RestRegistryClient(String urls, Duration connectTimeout, Duration requestTimeout) {
        this(urls, connectTimeout, requestTimeout, authorizationFrom(System.getenv(AUTH_FILE_ENV)));
    }

    RestRegistryClient(String urls, Duration connectTimeout, Duration requestTimeout, String authorization) {
        this.authorization = authorization;
        this.baseUrls = parseUrls(urls);
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
        this.requestTimeout = requestTimeout;
    }

    /**
     * A client that authenticates with {@code userInfo} ({@code USER:PASSWORD}, HTTP basic authentication; null or
     * blank: none), for a caller whose credentials come from its own settings rather than {@link #AUTH_FILE_ENV}.
     */
    public static RestRegistryClient withUserInfo(String urls, String userInfo) {
        String authorization = userInfo == null || userInfo.isBlank() ? null
                : basic(userInfo.strip(), "the registry's user info");
        return new RestRegistryClient(urls, Duration.ofSeconds(5), Duration.ofSeconds(15), authorization);
    }

    /** One client per address list in this process, so all serdes share the caches. */
    static RestRegistryClient shared(String urls) {
        return SHARED.computeIfAbsent(urls, u -> new RestRegistryClient(u, Duration.ofSeconds(5),
                Duration.ofSeconds(15)));
    }

    @Override
    public int register(String subject, Schema schema) {
        Integer cached = idsBySubject.getOrDefault(subject, Map.of()).get(schema);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema),
                "register the schema " + schema.getFullName() + " under subject " + subject);
        int id = requiredInt(answer, "id");
        remember(subject, schema, id);
        return id;
    }

    @Override
    public OptionalInt lookup(String subject, Schema schema) {
        Integer cached = idsBySubject.getOrDefault(subject, Map.of()).get(schema);
        if (cached != null) {
            return OptionalInt.of(cached);
        }
        try {
            JsonNode answer = call("POST", "/subjects/" + encode(subject), schemaBody(schema),
                    "look up the schema " + schema.getFullName() + " under subject " + subject);
            int id = requiredInt(answer, "id");
            remember(subject, schema, id);
            return OptionalInt.of(id);
        } catch (RegistryException e) {
            if (e.notFound()) {
                return OptionalInt.empty();
            }
            throw e;
        }
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("GET", "/schemas/ids/" + id, null, "read schema id " + id);
        JsonNode text = answer.get("schema");
        if (text == null || !text.isTextual()) {
            throw new RegistryException("registry answer for schema id " + id + " has no 'schema' string: " + answer,
                    200, -1);
        }
        Schema schema;
        try {
            schema = new Schema.Parser().parse(text.asText());
        } catch (SchemaParseException e) {
            throw new RegistryException("schema id " + id + " is not an Avro schema: " + e.getMessage(), 200, -1);
        }
        Schema previous = schemasById.putIfAbsent(id, schema);
        return previous != null ? previous : schema;
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        ObjectNode body = json.createObjectNode().put("compatibility", level.name());
        call("PUT", "/config/" + encode(subject), body, "set compatibility " + level + " on subject " + subject);
    }

    @Override
    public CompatibilityLevel compatibility(String subject) {
        JsonNode answer;
        try {
            answer = call("GET", "/config/" + encode(subject), null, "read the compatibility of subject " + subject);
        } catch (RegistryException e) {
            // No subject-level setting: Confluent answers 404 (40401/40408); the global level applies.
            if (e.status() != 404) {
                throw e;
            }
            answer = call("GET", "/config", null, "read the global compatibility");
        }
        return CompatibilityLevel.parse(requiredText(answer, "compatibilityLevel"));
    }

    /**
     * Whether SCHEMA could be registered under SUBJECT by the subject's compatibility level: true when the subject
     * has no version yet (Confluent's {@code POST /compatibility/subjects/S/versions/latest}).
     */
    public boolean compatible(String subject, Schema schema) {
        try {
            JsonNode answer = call("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest",
                    schemaBody(schema), "check " + schema.getFullName() + " against subject " + subject);
            return answer.path("is_compatible").asBoolean(false);
        } catch (RegistryException e) {
            if (e.notFound()) {
                return true;
            }
            throw e;
        }
    }

    /** "Basic …" from a file holding USER:PASSWORD, null for no file; the password never enters a message. */
    static String authorizationFrom(String file) {
        if (file == null || file.isBlank()) {
            return null;
        }
        String userPassword;
        try {
            userPassword = java.nio.file.Files.readString(java.nio.file.Path.of(file), StandardCharsets.UTF_8)
                    .lines().findFirst().orElse("").strip();
        } catch (IOException e) {
            throw new IllegalArgumentException(AUTH_FILE_ENV + ": cannot read " + file + ": " + e.getMessage());
        }
        return basic(userPassword, AUTH_FILE_ENV + ": " + file + "'s first line");
    }

    /** The header value for USER:PASSWORD; {@code what} names where it came from when it is not that shape. */
    private static String basic(String userPassword, String what) {
        if (userPassword.indexOf(':') < 1) {
            throw new IllegalArgumentException(what + ": expected USER:PASSWORD");
        }
        return "Basic " + java.util.Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8));
    }

    private void remember(String subject, Schema schema, int id) {
        idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(schema, id);
        schemasById.putIfAbsent(id, schema);
    }

    private ObjectNode schemaBody(Schema schema) {
        return json.createObjectNode().put("schema", schema.toString());
    }

    private JsonNode call(String method, String path, JsonNode body, String what) {
        IOException lastFailure = null;
        for (URI base : baseUrls) {
            URI uri = URI.create(base + path);
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(requestTimeout)
                    .header("Accept", CONTENT_TYPE + ", application/json");
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", CONTENT_TYPE)
                        .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
            }
            HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                lastFailure = e;
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryException("interrupted while trying to " + what + " at " + base, e);
            }
            return parseAnswer(response, what, uri);
        }
        throw new RegistryException("could not " + what + ": no schema registry reachable at " + baseUrls
                + " (" + lastFailure + ")", lastFailure);
    }

    private JsonNode parseAnswer(HttpResponse<String> response, String what, URI uri) {
        JsonNode answer;
        try {
            answer = response.body().isEmpty() ? json.createObjectNode() : json.readTree(response.body());
        } catch (IOException e) {
            throw new RegistryException("could not " + what + ": " + method(response) + uri + " answered HTTP "
                    + response.statusCode() + " with a body that is not JSON: " + abbreviate(response.body()),
                    response.statusCode(), -1);
        }
        if (response.statusCode() / 100 != 2) {
            int code = answer.path("error_code").asInt(-1);
            String message = answer.path("message").asText(abbreviate(response.body()));
            throw new RegistryException("could not " + what + ": " + method(response) + uri + " answered HTTP "
                    + response.statusCode() + ", error_code " + code + ": " + message, response.statusCode(), code);
        }
        return answer;
    }

    private static String method(HttpResponse<String> response) {
        return response.request().method() + " ";
    }

    private static int requiredInt(JsonNode answer, String field) {
        JsonNode value = answer.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new RegistryException("registry answer has no integer '" + field + "': " + answer, 200, -1);
        }
        return value.asInt();
    }

    private static String requiredText(JsonNode answer, String field) {
        JsonNode value = answer.get(field);
        if (value == null || !value.isTextual()) {
            throw new RegistryException("registry answer has no string '" + field + "': " + answer, 200, -1);
        }
        return value.asText();
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    private static List<URI> parseUrls(String urls) {
        List<URI> result = new ArrayList<>();
        for (String part : urls.split(",")) {
            String url = part.trim();
            while (url.endsWith("/")) {
                url = url.substring(0, url.length() - 1);
            }
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(AvroSerdeConfig.SCHEMA_REGISTRY_URL + " '" + part
                        + "' is not a URL: " + e.getMessage());
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException(AvroSerdeConfig.SCHEMA_REGISTRY_URL + " '" + part
                        + "' must start with http://, https:// or mock://");
            }
            result.add(uri);
        }
        return List.copyOf(result);
    }

    @Override
    public String toString() {
        return "RestRegistryClient" + baseUrls;
    }
}
