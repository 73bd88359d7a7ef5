package io.quarkube.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.quarkube.infra.StartupException;

/** Every port the local cluster listens on (all on 127.0.0.1). */
public record ClusterPorts(int apiServer, int kubelet, int scheduler, int controllerManager, int postgres,
        int kafka, int kafkaController) {

    public static final String API_ENV = "QUARKUBE_API_PORT";
    public static final String KUBELET_ENV = "QUARKUBE_KUBELET_PORT";
    public static final String SCHEDULER_ENV = "QUARKUBE_SCHEDULER_PORT";
    public static final String CONTROLLER_MANAGER_ENV = "QUARKUBE_CONTROLLER_MANAGER_PORT";
    public static final String PG_ENV = "QUARKUBE_PG_PORT";
    public static final String KAFKA_ENV = "QUARKUBE_KAFKA_PORT";
    public static final String KAFKA_CONTROLLER_ENV = "QUARKUBE_KAFKA_CONTROLLER_PORT";

    /** The Kubernetes ports for the services; PostgreSQL and Kafka moved off their usual ports. */
    public static ClusterPorts defaults() {
        return new ClusterPorts(6443, 10250, 10259, 10257, 15432, 19092, 19093);
    }

    /** Defaults, each overridden by its QUARKUBE_*_PORT variable. */
    public static ClusterPorts fromEnv(Map<String, String> env) {
        ClusterPorts d = defaults();
        return new ClusterPorts(port(env, API_ENV, d.apiServer), port(env, KUBELET_ENV, d.kubelet),
                port(env, SCHEDULER_ENV, d.scheduler), port(env, CONTROLLER_MANAGER_ENV, d.controllerManager),
                port(env, PG_ENV, d.postgres), port(env, KAFKA_ENV, d.kafka),
                port(env, KAFKA_CONTROLLER_ENV, d.kafkaController));
    }

    /** Seven distinct ports that are free right now (for tests). */
    public static ClusterPorts freePorts() {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] p = new int[7];
            for (int i = 0; i < p.length; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s); // held open until all are picked, so no port comes twice
                p[i] = s.getLocalPort();
            }
            return new ClusterPorts(p[0], p[1], p[2], p[3], p[4], p[5], p[6]);
        } catch (IOException e) {
            throw new StartupException("cannot find free ports on 127.0.0.1: " + e.getMessage(), e);
        } finally {
            held.forEach(s -> {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a probe socket
                }
            });
        }
    }

    public int of(Service s) {
        return switch (s) {
            case API_SERVER -> apiServer;
            case SCHEDULER -> scheduler;
            case CONTROLLER_MANAGER -> controllerManager;
            case KUBELET_AGENT -> kubelet;
        };
    }

    static String envVar(Service s) {
        return switch (s) {
            case API_SERVER -> API_ENV;
            case SCHEDULER -> SCHEDULER_ENV;
            case CONTROLLER_MANAGER -> CONTROLLER_MANAGER_ENV;
            case KUBELET_AGENT -> KUBELET_ENV;
        };
    }

    private static int port(Map<String, String> env, String name, int dflt) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int p = Integer.parseInt(v.trim());
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new StartupException(name + " must be a port number (1-65535), got '" + v + "'");
    }
}
