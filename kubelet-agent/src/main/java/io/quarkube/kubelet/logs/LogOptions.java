package io.quarkube.kubelet.logs;

import java.time.Instant;

/**
 * What a log request asks for (PodLogOptions): the last {@code tailLines} lines, at most {@code limitBytes} bytes,
 * lines logged at or after {@code since} (sinceTime, or now minus sinceSeconds), each prefixed with its timestamp, following new lines, or the previous
 * run's log. Null means no limit.
 */
public record LogOptions(Integer tailLines, Long limitBytes, Instant since, boolean timestamps, boolean follow,
                         boolean previous) {

    public static LogOptions all() {
        return new LogOptions(null, null, null, false, false, false);
    }
}
