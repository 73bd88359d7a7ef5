package io.quarkube.e2e;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.api.ResourceType;
import io.quarkube.api.client.ApiClient;
import io.quarkube.api.client.ApiException;

import java.util.function.Consumer;

/** Writes the end-to-end tests make while controllers write the same objects. */
final class Updates {
    private static final int ATTEMPTS = 6;

    private Updates() {
    }

    /**
     * A read-modify-write, retried when a controller's write (its status, most often) came in between (409), as
     * kubectl does.
     */
    static <T extends HasMetadata> void update(ApiClient api, ResourceType<T> type, String namespace, String name,
                                               Consumer<T> change) {
        for (int attempt = 1; ; attempt++) {
            T current = api.get(type, namespace, name).orElseThrow();
            change.accept(current);
            try {
                api.update(type, current);
                return;
            } catch (ApiException e) {
                if (!e.isConflict() || attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
