package io.quarkube.controllermanager.namespace;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.quarkube.api.ResourceType;
import io.quarkube.api.client.ApiException;
import io.quarkube.api.json.Json;
import io.quarkube.controllermanager.controller.Caches;
import io.quarkube.controllermanager.controller.Lister;
import io.quarkube.controllermanager.controller.ObjectControl;
import io.quarkube.controllermanager.controller.Reconciler;
import io.quarkube.controllermanager.controller.Result;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Empties a Terminating namespace, then finalizes it (Kubernetes' namespace controller). Every object of every
 * namespaced kind in it is deleted (Background, with its UID as precondition); the namespace is rechecked until
 * they are all gone — pods only once their kubelet confirmed, objects with finalizers once those are removed.
 * Because the caches of different kinds come from different Kafka topics, an empty cache is confirmed by live
 * LISTs before {@code PUT namespaces/{name}/finalize} drops the {@code kubernetes} finalizer, after which the
 * api-server removes the namespace.
 */
public final class NamespaceSync implements Reconciler {
    static final String FINALIZER = "kubernetes";
    private static final Logger LOG = Logger.getLogger(NamespaceSync.class);

    private final Lister<Namespace> namespaces;
    private final Caches caches;
    private final ObjectControl control;
    private final Duration recheck;
    private final List<ResourceType<?>> contentTypes;
    /** Deletions issued per namespace UID, for the line logged when it is finalized. */
    private final Map<String, Integer> removed = new ConcurrentHashMap<>();

    public NamespaceSync(Lister<Namespace> namespaces, Caches caches, ObjectControl control, Duration recheck) {
        this.namespaces = namespaces;
        this.caches = caches;
        this.control = control;
        this.recheck = recheck;
        this.contentTypes = caches.types().stream().filter(ResourceType::namespaced).toList();
    }

    @Override
    public Result sync(String name) {
        Namespace namespace = namespaces.get(null, name).orElse(null);
        if (namespace == null || namespace.getMetadata().getDeletionTimestamp() == null
                || !specFinalizers(namespace).contains(FINALIZER)) {
            return Result.done();
        }
        String uid = namespace.getMetadata().getUid();
        if (deleteAll(uid, name, caches::list) > 0) {
            return Result.requeueAfter(recheck);
        }
        if (deleteAll(uid, name, control::list) > 0) {
            return Result.requeueAfter(recheck); // the caches had not seen these yet
        }
        Namespace finalized = Json.copy(namespace, Namespace.class);
        List<String> rest = new ArrayList<>(specFinalizers(namespace));
        rest.remove(FINALIZER);
        finalized.getSpec().setFinalizers(rest);
        try {
            control.finalizeNamespace(finalized);
        } catch (ApiException e) {
            if (e.isNotFound()) {
                return Result.done();
            }
            if (e.isConflict()) {
                return Result.requeue();
            }
            throw e;
        }
        Integer count = removed.remove(uid);
        LOG.infof("namespace %s deleted: removed %d objects", name, count == null ? 0 : count);
        return Result.done();
    }

    /** Deletes what is not being deleted yet; returns how many objects are still there. */
    private int deleteAll(String namespaceUid, String namespace,
                          BiFunction<ResourceType<?>, String, List<HasMetadata>> lister) {
        int remaining = 0;
        for (ResourceType<?> type : contentTypes) {
            for (HasMetadata object : lister.apply(type, namespace)) {
                remaining++;
                if (object.getMetadata().getDeletionTimestamp() == null && delete(type, object)) {
                    removed.merge(namespaceUid, 1, Integer::sum);
                }
            }
        }
        return remaining;
    }

    private boolean delete(ResourceType<?> type, HasMetadata object) {
        var meta = object.getMetadata();
        try {
            control.delete(type, meta.getNamespace(), meta.getName(),
                    ObjectControl.deleteOptions("Background", meta.getUid()));
            return true;
        } catch (ApiException e) {
            if (e.isNotFound() || e.isConflict()) {
                return false; // gone already, or a successor: the next round sees it
            }
            throw e;
        }
    }

    private static List<String> specFinalizers(Namespace namespace) {
        if (namespace.getSpec() == null || namespace.getSpec().getFinalizers() == null) {
            return List.of();
        }
        return namespace.getSpec().getFinalizers();
    }
}
