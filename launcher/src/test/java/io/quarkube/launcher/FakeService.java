package io.quarkube.launcher;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

import com.sun.net.httpserver.HttpServer;

/** Stands in for a Quarkus service jar: ready at once, and shows the environment the launcher gave it. */
public final class FakeService {
    public static void main(String[] args) throws Exception {
        String host = System.getenv().getOrDefault("QUARKUS_HTTP_HOST", "127.0.0.1");
        int port = Integer.parseInt(System.getenv("QUARKUS_HTTP_PORT"));
        HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 16);
        http.createContext("/q/health/ready", x -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        http.createContext("/env", x -> {
            StringBuilder sb = new StringBuilder();
            new TreeMap<>(System.getenv()).forEach((k, v) -> {
                if (k.startsWith("QUARKUS_") || k.startsWith("QUARKUBE_") || k.startsWith("KAFKA_")) {
                    sb.append(k).append('=').append(v).append('\n');
                }
            });
            byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        http.start();
        System.out.println("fake service listening on " + port);
    }
}
