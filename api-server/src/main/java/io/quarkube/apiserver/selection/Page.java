package io.quarkube.apiserver.selection;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.quarkube.api.ObjectKey;
import io.quarkube.apiserver.errors.StatusException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * limit/continue paging of a list (kubectl asks for 500 at a time and follows metadata.continue). Items come
 * sorted by namespace/name; the token holds the list's resourceVersion and the last key served, so every page
 * reports the first page's resourceVersion.
 */
public record Page<T extends HasMetadata>(List<T> items, long resourceVersion, String continueToken,
                                          Long remainingItemCount) {

    public static <T extends HasMetadata> Page<T> of(List<T> sorted, long resourceVersion, String limit,
                                                     String continueToken) {
        List<T> items = sorted;
        long version = resourceVersion;
        if (continueToken != null && !continueToken.isEmpty()) {
            String[] token = decode(continueToken);
            version = Long.parseLong(token[0]);
            String after = token[1];
            items = items.stream().filter(o -> ObjectKey.of(o).toString().compareTo(after) > 0).toList();
        }
        int max = parseLimit(limit);
        if (max <= 0 || items.size() <= max) {
            return new Page<>(items, version, null, null);
        }
        List<T> page = items.subList(0, max);
        String next = encode(version, ObjectKey.of(page.get(max - 1)).toString());
        return new Page<>(page, version, next, (long) (items.size() - max));
    }

    private static int parseLimit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw StatusException.badRequest("limit must be a number, not \"" + limit + "\"");
        }
    }

    private static String encode(long version, String lastKey) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((version + "\n" + lastKey).getBytes(StandardCharsets.UTF_8));
    }

    private static String[] decode(String token) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\n", 2);
            Long.parseLong(parts[0]);
            if (parts.length != 2) {
                throw new IllegalArgumentException("no key");
            }
            return parts;
        } catch (IllegalArgumentException e) {
            throw StatusException.badRequest("continue key is not valid: " + token);
        }
    }
}
