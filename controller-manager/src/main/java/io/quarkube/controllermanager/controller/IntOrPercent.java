package io.quarkube.controllermanager.controller;

import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * An int-or-percent field (maxSurge, maxUnavailable) as a count out of a total, as Kubernetes'
 * intstr.GetScaledValueFromIntOrPercent. A null value counts as 0 (intstr.ValueOrDefault(x, 0)).
 */
public final class IntOrPercent {
    private IntOrPercent() {
    }

    /** @throws IllegalArgumentException for a string that is not "N%" (Kubernetes returns that error) */
    public static int scaled(IntOrString value, int total, boolean roundUp) {
        if (value == null) {
            return 0;
        }
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        String s = value.getStrVal();
        if (s == null) {
            return 0;
        }
        if (!s.endsWith("%")) {
            throw new IllegalArgumentException("invalid value for IntOrString: invalid type: string is not a percentage");
        }
        int percent = Integer.parseInt(s.substring(0, s.length() - 1));
        double scaled = (double) percent * total / 100;
        return (int) (roundUp ? Math.ceil(scaled) : Math.floor(scaled));
    }

    /**
     * As {@link #scaled}, but a plain number string counts as that number and an unreadable string as 0, for a
     * controller that must not stop on a value the api-server let through.
     */
    public static int scaledLeniently(IntOrString value, int total, boolean roundUp) {
        try {
            return scaled(value, total, roundUp);
        } catch (IllegalArgumentException notAPercentage) {
            try {
                return Integer.parseInt(value.getStrVal());
            } catch (NumberFormatException unreadable) {
                return 0;
            }
        }
    }
}
