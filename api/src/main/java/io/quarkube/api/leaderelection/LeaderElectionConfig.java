package io.quarkube.api.leaderelection;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * What a {@link LeaderElector} competes for and how (client-go's LeaderElectionConfig with a LeaseLock).
 *
 * <p>Defaults: namespace kube-system, identity {@code hostname_<random UUID>}, leaseDuration 12 s, renewDeadline
 * 8 s, retryPeriod 2 s. A standby takes over a crashed leader's lease at most leaseDuration + retryPeriod = 14 s
 * after its last renewal (it must see the record unchanged for leaseDuration, and it looks every retryPeriod); a
 * leader that stops gracefully releases the lease and a standby takes it within one retryPeriod. A leader that
 * cannot renew for renewDeadline (&lt; leaseDuration, so before anyone may take over) stops leading.
 *
 * <p>Callbacks run on the elector's thread, in order, and must return quickly (start long work on another
 * thread): onStartedLeading when this process becomes leader; onStoppedLeading when it stops (lost the lease,
 * could not renew within renewDeadline, or {@link LeaderElector#close()} — called before the lease is released,
 * so work is stopped before another process may start it); onNewLeader(identity) whenever a different holder is
 * observed, this process included.
 */
public record LeaderElectionConfig(String namespace, String name, String identity, Duration leaseDuration,
                                   Duration renewDeadline, Duration retryPeriod, Runnable onStartedLeading,
                                   Runnable onStoppedLeading, Consumer<String> onNewLeader) {
    /** client-go's JitterFactor: renewDeadline must exceed retryPeriod by this factor. */
    static final double JITTER_FACTOR = 1.2;

    public LeaderElectionConfig {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(identity, "identity");
        if (identity.isEmpty()) {
            throw new IllegalArgumentException("identity must not be empty");
        }
        if (retryPeriod.isNegative() || retryPeriod.isZero()) {
            throw new IllegalArgumentException("retryPeriod must be greater than zero");
        }
        if (leaseDuration.compareTo(renewDeadline) <= 0) {
            throw new IllegalArgumentException("leaseDuration must be greater than renewDeadline");
        }
        if (renewDeadline.toNanos() <= JITTER_FACTOR * retryPeriod.toNanos()) {
            throw new IllegalArgumentException("renewDeadline must be greater than retryPeriod*" + JITTER_FACTOR);
        }
        if (leaseDuration.toNanos() % 1_000_000_000L != 0) {
            // the Lease carries whole seconds, and standbys wait exactly what it says
            throw new IllegalArgumentException("leaseDuration must be a whole number of seconds: " + leaseDuration);
        }
        onStartedLeading = onStartedLeading == null ? () -> { } : onStartedLeading;
        onStoppedLeading = onStoppedLeading == null ? () -> { } : onStoppedLeading;
        onNewLeader = onNewLeader == null ? identityOfLeader -> { } : onNewLeader;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public int leaseDurationSeconds() {
        return (int) leaseDuration.toSeconds();
    }

    /** The hostname plus a random UUID, as kube-scheduler and kube-controller-manager name themselves. */
    public static String defaultIdentity() {
        return hostname() + "_" + UUID.randomUUID();
    }

    private static String hostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "unknown";
        }
    }

    public static final class Builder {
        private final String name;
        private String namespace = "kube-system";
        private String identity;
        private Duration leaseDuration = Duration.ofSeconds(12);
        private Duration renewDeadline = Duration.ofSeconds(8);
        private Duration retryPeriod = Duration.ofSeconds(2);
        private Runnable onStartedLeading;
        private Runnable onStoppedLeading;
        private Consumer<String> onNewLeader;

        private Builder(String name) {
            this.name = name;
        }

        public Builder namespace(String value) {
            namespace = value;
            return this;
        }

        public Builder identity(String value) {
            identity = value;
            return this;
        }

        public Builder leaseDuration(Duration value) {
            leaseDuration = value;
            return this;
        }

        public Builder renewDeadline(Duration value) {
            renewDeadline = value;
            return this;
        }

        public Builder retryPeriod(Duration value) {
            retryPeriod = value;
            return this;
        }

        public Builder onStartedLeading(Runnable callback) {
            onStartedLeading = callback;
            return this;
        }

        public Builder onStoppedLeading(Runnable callback) {
            onStoppedLeading = callback;
            return this;
        }

        public Builder onNewLeader(Consumer<String> callback) {
            onNewLeader = callback;
            return this;
        }

        public LeaderElectionConfig build() {
            return new LeaderElectionConfig(namespace, name, identity == null ? defaultIdentity() : identity,
                    leaseDuration, renewDeadline, retryPeriod, onStartedLeading, onStoppedLeading, onNewLeader);
        }
    }
}
