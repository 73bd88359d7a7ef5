package io.quarkube.kubelet.runtime;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Volumes without a mount namespace: each mountPath, where it appears as a whole path (or a path prefix) in a
 * command, an argument, an env value or the working directory, is rewritten to the volume's directory on the host.
 * {@code echo hi > /data/x} with an emptyDir at /data becomes {@code echo hi > <pod dir>/volumes/content/x}. Paths
 * a program builds at run time from pieces are not seen, and readOnly is not enforced: this is the fallback.
 */
final class PathMapping {
    private final Map<String, String> hostByContainerPath;
    private final Pattern pattern;

    PathMapping(List<VolumeMounts.Mount> mounts) {
        // the longest path first, so that /data/logs wins over /data
        hostByContainerPath = mounts.stream().filter(m -> !m.containerPath().equals("/"))
                .sorted(Comparator.comparingInt((VolumeMounts.Mount m) -> m.containerPath().length()).reversed())
                .collect(Collectors.toMap(VolumeMounts.Mount::containerPath, m -> m.hostPath().toString(),
                        (a, b) -> b, LinkedHashMap::new));
        pattern = hostByContainerPath.isEmpty() ? null : Pattern.compile("(?<![\\w./-])("
                + hostByContainerPath.keySet().stream().map(Pattern::quote).collect(Collectors.joining("|"))
                + ")(?![\\w.-])");
    }

    String apply(String text) {
        if (pattern == null || text == null) {
            return text;
        }
        Matcher matcher = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(hostByContainerPath.get(matcher.group(1))));
        }
        return matcher.appendTail(out).toString();
    }

    Map<String, String> apply(Map<String, String> env) {
        Map<String, String> mapped = new LinkedHashMap<>();
        env.forEach((k, v) -> mapped.put(k, apply(v)));
        return mapped;
    }
}
