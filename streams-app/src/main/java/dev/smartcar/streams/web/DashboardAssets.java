package dev.smartcar.streams.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's files, served from the jar: the page, its script and style ({@code /dashboard/} resources) and
 * Apache ECharts from its WebJar, so the page needs no network. Read once, kept in memory.
 */
public final class DashboardAssets {

    /** A file to send: its bytes and content type. */
    record Asset(byte[] bytes, String contentType) { }

    static final String ECHARTS_PATH = "/webjars/echarts/echarts.min.js";

    private final Map<String, String> resources;
    private final Map<String, Asset> loaded = new ConcurrentHashMap<>();

    public DashboardAssets() {
        this.resources = Map.of(
                "/", "dashboard/index.html",
                "/index.html", "dashboard/index.html",
                "/dashboard.js", "dashboard/dashboard.js",
                "/dashboard.css", "dashboard/dashboard.css",
                ECHARTS_PATH, "META-INF/resources/webjars/echarts/" + echartsVersion() + "/dist/echarts.min.js");
    }

    /** The WebJar's version from its Maven metadata, so a version bump in the pom needs no code change. */
    private static String echartsVersion() {
        try (InputStream in = DashboardAssets.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/echarts/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the echarts WebJar is not on the class path");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The asset served at {@code path}, if any. */
    Optional<Asset> get(String path) {
        String resource = resources.get(path);
        if (resource == null) {
            return Optional.empty();
        }
        return Optional.of(loaded.computeIfAbsent(path, p -> new Asset(read(resource), contentType(resource))));
    }

    private static byte[] read(String resource) {
        try (InputStream in = DashboardAssets.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String contentType(String resource) {
        if (resource.endsWith(".html")) {
            return "text/html; charset=utf-8";
        }
        if (resource.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        return "text/css; charset=utf-8";
    }
}
