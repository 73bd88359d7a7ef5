package io.quarkube.scheduler.framework;

import java.util.List;

/**
 * What a plugin answers: a code plus the reasons a user reads in "0/3 nodes are available: 3 Insufficient cpu."
 * Plugins return a status rather than throwing; the framework decides whether to retry.
 */
public record Status(Code code, List<String> reasons, String plugin) {
    public enum Code {
        SUCCESS,
        /** The node does not fit now but could after a cluster change (more free resources...). */
        UNSCHEDULABLE,
        /** No cluster change short of editing the node or the pod helps (wrong labels...). */
        UNSCHEDULABLE_AND_UNRESOLVABLE,
        ERROR,
        /** From PreFilter/PreScore: this plugin has nothing to do for this pod; its Filter/Score is not run. */
        SKIP
    }

    private static final Status SUCCESS = new Status(Code.SUCCESS, List.of(), null);
    private static final Status SKIP = new Status(Code.SKIP, List.of(), null);

    public static Status success() {
        return SUCCESS;
    }

    public static Status skip() {
        return SKIP;
    }

    public static Status unschedulable(String... reasons) {
        return new Status(Code.UNSCHEDULABLE, List.of(reasons), null);
    }

    public static Status unschedulable(List<String> reasons) {
        return new Status(Code.UNSCHEDULABLE, List.copyOf(reasons), null);
    }

    public static Status unresolvable(String... reasons) {
        return new Status(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, List.of(reasons), null);
    }

    public static Status error(String reason) {
        return new Status(Code.ERROR, List.of(reason), null);
    }

    public boolean isSuccess() {
        return code == Code.SUCCESS;
    }

    public boolean isSkip() {
        return code == Code.SKIP;
    }

    public Status withPlugin(String pluginName) {
        return isSuccess() || isSkip() ? this : new Status(code, reasons, pluginName);
    }

    public String message() {
        return String.join(", ", reasons);
    }
}
