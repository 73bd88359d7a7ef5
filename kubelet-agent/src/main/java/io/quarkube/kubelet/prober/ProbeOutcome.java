package io.quarkube.kubelet.prober;

/**
 * What one run of a probe returned. {@code UNKNOWN} means the probe errored (it could not be run, e.g. a named port
 * that the container does not declare) and its result is thrown away, as the kubelet does; {@code unsupported} also
 * says it never will run (a gRPC probe).
 */
public record ProbeOutcome(ProbeResult result, String output, boolean unsupported) {
    /** The kubelet keeps at most this much of a probe's output. */
    static final int MAX_OUTPUT = 10 * 1024;

    public static ProbeOutcome success(String output) {
        return new ProbeOutcome(ProbeResult.SUCCESS, truncate(output), false);
    }

    public static ProbeOutcome failure(String output) {
        return new ProbeOutcome(ProbeResult.FAILURE, truncate(output), false);
    }

    public static ProbeOutcome error(String message) {
        return new ProbeOutcome(ProbeResult.UNKNOWN, message, false);
    }

    public static ProbeOutcome unsupported(String message) {
        return new ProbeOutcome(ProbeResult.UNKNOWN, message, true);
    }

    private static String truncate(String output) {
        if (output == null) {
            return "";
        }
        return output.length() <= MAX_OUTPUT ? output : output.substring(0, MAX_OUTPUT);
    }
}
