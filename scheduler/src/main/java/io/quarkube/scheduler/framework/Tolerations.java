package io.quarkube.scheduler.framework;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.List;

/** Kubernetes' toleration matching, shared by the plugins that look at taints. */
public final class Tolerations {
    private Tolerations() {
    }

    public static boolean tolerates(List<Toleration> tolerations, Taint taint) {
        if (tolerations == null) {
            return false;
        }
        for (Toleration toleration : tolerations) { // per node and taint: no stream
            if (tolerates(toleration, taint)) {
                return true;
            }
        }
        return false;
    }

    /** An empty effect matches every effect; an empty key with Exists matches every taint. */
    public static boolean tolerates(Toleration toleration, Taint taint) {
        if (!isEmpty(toleration.getEffect()) && !toleration.getEffect().equals(taint.getEffect())) {
            return false;
        }
        if (!isEmpty(toleration.getKey()) && !toleration.getKey().equals(taint.getKey())) {
            return false;
        }
        String operator = isEmpty(toleration.getOperator()) ? "Equal" : toleration.getOperator();
        return switch (operator) {
            case "Exists" -> true;
            case "Equal" -> !isEmpty(toleration.getKey())
                    && nullToEmpty(toleration.getValue()).equals(nullToEmpty(taint.getValue()));
            default -> false;
        };
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
