package io.quarkube.kubelet.lifecycle;

/** How a hook ended; the message (the kubelet's log line) says why it failed. */
public record HookResult(boolean succeeded, String message) {
    static final HookResult OK = new HookResult(true, null);

    static HookResult failed(String message) {
        return new HookResult(false, message);
    }
}
