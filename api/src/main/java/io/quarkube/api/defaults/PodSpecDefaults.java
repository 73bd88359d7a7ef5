package io.quarkube.api.defaults;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Kubernetes' SetDefaults_PodSpec and SetDefaults_Container for the fields quarkube uses: applied by the
 * api-server to every pod it stores and by the kubelet to static pods, which never pass through the api-server.
 */
public final class PodSpecDefaults {
    private PodSpecDefaults() {
    }

    public static void apply(PodSpec spec) {
        if (spec.getRestartPolicy() == null) {
            spec.setRestartPolicy("Always");
        }
        if (spec.getTerminationGracePeriodSeconds() == null) {
            spec.setTerminationGracePeriodSeconds(30L);
        }
        if (spec.getDnsPolicy() == null) {
            spec.setDnsPolicy("ClusterFirst");
        }
        if (spec.getSchedulerName() == null) {
            spec.setSchedulerName("default-scheduler");
        }
        if (spec.getEnableServiceLinks() == null) {
            spec.setEnableServiceLinks(true);
        }
        if (spec.getPriority() == null) {
            spec.setPriority(0);
        }
        for (Container c : allContainers(spec)) {
            if (c.getImagePullPolicy() == null && c.getImage() != null) {
                c.setImagePullPolicy(hasLatestOrNoTag(c.getImage()) ? "Always" : "IfNotPresent");
            }
            if (c.getTerminationMessagePath() == null) {
                c.setTerminationMessagePath("/dev/termination-log");
            }
            if (c.getTerminationMessagePolicy() == null) {
                c.setTerminationMessagePolicy("File");
            }
        }
    }

    private static List<Container> allContainers(PodSpec spec) {
        List<Container> all = new ArrayList<>();
        if (spec.getInitContainers() != null) {
            all.addAll(spec.getInitContainers());
        }
        if (spec.getContainers() != null) {
            all.addAll(spec.getContainers());
        }
        return all;
    }

    private static boolean hasLatestOrNoTag(String image) {
        if (image.contains("@")) {
            return false;
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        return colon <= slash || image.endsWith(":latest");
    }
}
