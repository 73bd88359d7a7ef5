package io.quarkube.kubelet.prober;

/** A probe's verdict; UNKNOWN is a startup probe that has not succeeded yet, or a probe that could not run. */
public enum ProbeResult {
    SUCCESS, FAILURE, UNKNOWN
}
