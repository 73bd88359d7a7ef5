package io.quarkube.kubelet.runtime;

/** What a command run in a container (CRI's ExecSync) ended with: exec probes and lifecycle hooks read it. */
public record ExecResult(int exitCode, String output, boolean timedOut) {

    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }

    public static ExecResult timeout(String output) {
        return new ExecResult(-1, output, true);
    }
}
