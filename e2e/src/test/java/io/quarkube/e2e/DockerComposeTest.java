package io.quarkube.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No Docker engine runs here, so docker-compose.yml is checked statically: every service exists, waits for
 * what it needs, is built from a Dockerfile that exists, and every environment variable it sets is a
 * configuration property that the service really reads.
 */
class DockerComposeTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> SERVICES = List.of("api-server", "scheduler", "controller-manager",
            "kubelet-agent");
    private static final Pattern CONFIG_MAPPING = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"");

    private final JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(ROOT.resolve("docker-compose.yml")
            .toFile());

    DockerComposeTest() throws IOException {
    }

    @Test
    void everyServiceExistsAndDependsOnWhatItNeeds() {
        JsonNode services = compose.get("services");
        for (String name : List.of("postgres", "kafka", "api-server", "scheduler", "controller-manager",
                "kubelet-agent")) {
            assertTrue(services.has(name), "docker-compose.yml has no service " + name);
        }
        assertEquals(Set.of("postgres", "kafka"), dependsOn(services.get("api-server")));
        for (String component : List.of("scheduler", "controller-manager", "kubelet-agent")) {
            assertEquals(Set.of("kafka", "api-server"), dependsOn(services.get(component)), component);
        }
    }

    @Test
    void everyServiceIsBuiltFromADockerfileThatExists() {
        for (String name : SERVICES) {
            JsonNode build = compose.get("services").get(name).get("build");
            Path dockerfile = ROOT.resolve(build.get("context").asText()).resolve(build.get("dockerfile").asText());
            assertTrue(Files.isRegularFile(dockerfile), name + ": no " + dockerfile);
        }
    }

    @Test
    void everyEnvironmentVariableIsAPropertyTheServiceReads() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String name : SERVICES) {
            Path module = ROOT.resolve(name);
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(module.resolve("src/main/resources/application.properties"))) {
                properties.load(in);
            }
            String sources = sources(module) + sources(ROOT.resolve("api"));
            compose.get("services").get(name).get("environment").fieldNames().forEachRemaining(env -> {
                String key = properties.stringPropertyNames().stream()
                        .filter(k -> !k.startsWith("%") && envForm(k).equals(env)).findFirst().orElse(null);
                if (key == null) {
                    problems.add(name + ": " + env + " matches no key of its application.properties");
                } else if (!isRead(key, sources)) {
                    problems.add(name + ": " + env + " -> " + key + " is not read by any code of the service");
                }
            });
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** Quarkus' and Kafka's own keys are read by them; ours must appear in the code (or under a mapping). */
    private static boolean isRead(String key, String sources) {
        if (key.startsWith("quarkus.") || key.startsWith("kafka.")) {
            return true;
        }
        if (sources.contains("\"" + key + "\"")) {
            return true;
        }
        Matcher m = CONFIG_MAPPING.matcher(sources);
        while (m.find()) {
            String prefix = m.group(1) + ".";
            if (key.startsWith(prefix)) {
                String member = camel(key.substring(prefix.length()).split("\\.")[0]);
                if (sources.contains(" " + member + "(")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** MicroProfile Config's environment form: non-alphanumerics become '_', upper case. */
    private static String envForm(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    private static String camel(String dashed) {
        StringBuilder b = new StringBuilder();
        boolean upper = false;
        for (char c : dashed.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                b.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return b.toString();
    }

    private static Set<String> dependsOn(JsonNode service) {
        Set<String> names = new HashSet<>();
        JsonNode dependsOn = service.get("depends_on");
        if (dependsOn != null && dependsOn.isArray()) {
            dependsOn.forEach(n -> names.add(n.asText()));
        } else if (dependsOn != null) {
            dependsOn.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    private static String sources(Path module) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                all.append(Files.readString(f));
            }
        }
        return all.toString();
    }
}
