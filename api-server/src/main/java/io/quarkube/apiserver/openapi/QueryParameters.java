package io.quarkube.apiserver.openapi;

import java.util.Map;

/** The query parameters of the Kubernetes verbs, with the types and (shortened) descriptions upstream gives. */
final class QueryParameters {
    static final String[] LIST = {"allowWatchBookmarks", "continue", "fieldSelector", "labelSelector", "limit",
            "resourceVersion", "resourceVersionMatch", "sendInitialEvents", "timeoutSeconds", "watch"};
    static final String[] WRITE = {"dryRun", "fieldManager", "fieldValidation"};
    static final String[] PATCH = {"dryRun", "fieldManager", "fieldValidation", "force"};
    static final String[] DELETE = {"dryRun", "gracePeriodSeconds", "orphanDependents", "propagationPolicy"};
    static final String[] DELETE_COLLECTION = {"continue", "dryRun", "fieldSelector", "gracePeriodSeconds",
            "labelSelector", "limit", "orphanDependents", "propagationPolicy", "resourceVersion",
            "resourceVersionMatch", "sendInitialEvents", "timeoutSeconds"};
    static final String[] LOG = {"container", "follow", "insecureSkipTLSVerifyBackend", "limitBytes", "previous",
            "sinceSeconds", "sinceTime", "tailLines", "timestamps"};

    private static final Map<String, String> DESCRIPTIONS = Map.ofEntries(
            Map.entry("allowWatchBookmarks", "allowWatchBookmarks requests watch events with type \"BOOKMARK\"."),
            Map.entry("continue", "The continue option should be set when retrieving more results from the "
                    + "server: the value of metadata.continue of the previous list."),
            Map.entry("fieldSelector", "A selector to restrict the list of returned objects by their fields."),
            Map.entry("labelSelector", "A selector to restrict the list of returned objects by their labels."),
            Map.entry("limit", "limit is a maximum number of responses to return for a list call."),
            Map.entry("resourceVersion", "resourceVersion sets a constraint on what resource versions a request "
                    + "may be served from."),
            Map.entry("resourceVersionMatch", "resourceVersionMatch determines how resourceVersion is applied to "
                    + "list calls."),
            Map.entry("sendInitialEvents", "`sendInitialEvents=true` may be set together with `watch=true`."),
            Map.entry("timeoutSeconds", "Timeout for the list/watch call."),
            Map.entry("watch", "Watch for changes to the described resources and return them as a stream of add, "
                    + "update, and remove notifications."),
            Map.entry("dryRun", "When present, indicates that modifications should not be persisted. Valid "
                    + "value: All."),
            Map.entry("fieldManager", "fieldManager is a name associated with the actor or entity that is making "
                    + "these changes."),
            Map.entry("fieldValidation", "fieldValidation instructs the server on how to handle objects in the "
                    + "request containing unknown or duplicate fields: Ignore, Warn or Strict."),
            Map.entry("force", "Force is going to \"force\" Apply requests: re-acquire conflicting fields owned "
                    + "by other people."),
            Map.entry("gracePeriodSeconds", "The duration in seconds before the object should be deleted."),
            Map.entry("orphanDependents", "Deprecated: please use the PropagationPolicy."),
            Map.entry("propagationPolicy", "Whether and how garbage collection will be performed: Orphan, "
                    + "Background or Foreground."),
            Map.entry("container", "The container for which to stream logs."),
            Map.entry("follow", "Follow the log stream of the pod."),
            Map.entry("insecureSkipTLSVerifyBackend", "Do not verify the serving certificate of the backend."),
            Map.entry("limitBytes", "The number of bytes to read from the server before terminating the output."),
            Map.entry("previous", "Return previous terminated container logs."),
            Map.entry("sinceSeconds", "A relative time in seconds before the current time from which to show "
                    + "logs."),
            Map.entry("sinceTime", "An RFC3339 timestamp from which to show logs."),
            Map.entry("tailLines", "The number of lines from the end of the logs to show."),
            Map.entry("timestamps", "Prefix every line of log output with an RFC3339 timestamp."),
            Map.entry("pretty", "If 'true', then the output is pretty printed."));

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("allowWatchBookmarks", "boolean"), Map.entry("sendInitialEvents", "boolean"),
            Map.entry("watch", "boolean"), Map.entry("force", "boolean"), Map.entry("orphanDependents", "boolean"),
            Map.entry("follow", "boolean"), Map.entry("insecureSkipTLSVerifyBackend", "boolean"),
            Map.entry("previous", "boolean"), Map.entry("timestamps", "boolean"),
            Map.entry("limit", "integer"), Map.entry("timeoutSeconds", "integer"),
            Map.entry("gracePeriodSeconds", "integer"), Map.entry("limitBytes", "integer"),
            Map.entry("sinceSeconds", "integer"), Map.entry("tailLines", "integer"));

    private QueryParameters() {
    }

    static String description(String name) {
        return DESCRIPTIONS.getOrDefault(name, name);
    }

    static String type(String name) {
        return TYPES.getOrDefault(name, "string");
    }
}
