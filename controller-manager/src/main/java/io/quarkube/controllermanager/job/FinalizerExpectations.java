package io.quarkube.controllermanager.job;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pods (by UID) whose tracking finalizer the controller removed but whose update the cache has not shown yet
 * (Kubernetes' uidTrackingExpectations). Until then such a pod still shows the finalizer and must not be counted
 * a second time.
 */
final class FinalizerExpectations {
    private final Map<String, Set<String>> expected = new ConcurrentHashMap<>();

    void expectRemovals(String key, Collection<String> uids) {
        expected.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).addAll(uids);
    }

    void removalObserved(String key, String uid) {
        Set<String> uids = expected.get(key);
        if (uids != null) {
            uids.remove(uid);
        }
    }

    Set<String> expected(String key) {
        Set<String> uids = expected.get(key);
        return uids == null ? Set.of() : Set.copyOf(uids);
    }

    void delete(String key) {
        expected.remove(key);
    }
}
