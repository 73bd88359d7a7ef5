package io.quarkube.apiserver.patch;

import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.quarkube.apiserver.patch.Trees.assertJson;
import static io.quarkube.apiserver.patch.Trees.assertStatus;
import static io.quarkube.apiserver.patch.Trees.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Request decoding: content types, PatchOptions and bodies, before anything touches storage. */
class PatchesTest {
    private final Patches patches = new Patches();

    private static MultivaluedMap<String, String> query(String... pairs) {
        MultivaluedMap<String, String> query = new MultivaluedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            query.add(pairs[i], pairs[i + 1]);
        }
        return query;
    }

    private PatchRequest parse(String contentType, String body, MultivaluedMap<String, String> query) {
        return patches.parse(contentType, body.getBytes(StandardCharsets.UTF_8), query, "v1", "Pod");
    }

    @Test
    void theFourPatchTypesDispatchToTheirAlgorithm() {
        var current = json("{'metadata':{'labels':{'a':'1'}},'spec':{'containers':[{'name':'c'},{'name':'d'}]}}");
        var merge = parse("application/merge-patch+json; charset=utf-8",
                "{\"spec\":{\"containers\":[{\"name\":\"d\",\"image\":\"x\"}]}}", query());
        assertEquals(1, patches.apply(merge, current, "Pod").at("/spec/containers").size());
        var strategic = parse("application/strategic-merge-patch+json",
                "{\"spec\":{\"containers\":[{\"name\":\"d\",\"image\":\"x\"}]}}", query());
        assertEquals(2, patches.apply(strategic, current, "Pod").at("/spec/containers").size());
        var jsonPatch = parse("application/json-patch+json",
                "[{\"op\":\"remove\",\"path\":\"/metadata/labels/a\"}]", query());
        assertJson("{}", patches.apply(jsonPatch, current, "Pod").at("/metadata/labels"));
        var apply = parse("application/apply-patch+yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  labels: {b: '2'}\n",
                query("fieldManager", "kubectl", "fieldValidation", "Strict", "force", "false"));
        assertTrue(apply.createsMissing());
        assertJson("{'a':'1','b':'2'}", patches.apply(apply, current, "Pod").at("/metadata/labels"));
    }

    @Test
    void otherContentTypesAre415ListingTheAcceptedOnes() {
        var e = assertStatus(415, "UnsupportedMediaType", () -> parse("application/json", "{}", query()));
        assertEquals("the body of the request was in an unknown format - accepted media types include: "
                + "application/json-patch+json, application/merge-patch+json, "
                + "application/strategic-merge-patch+json, application/apply-patch+yaml", e.getMessage());
        assertStatus(415, "UnsupportedMediaType", () -> parse(null, "{}", query()));
    }

    @Test
    void applyNeedsAFieldManager() {
        var e = assertStatus(422, "Invalid", () -> parse("application/apply-patch+yaml",
                "apiVersion: v1\nkind: Pod\n", query()));
        assertEquals("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for "
                + "apply patch", e.getMessage());
        assertEquals("fieldManager", e.status().getDetails().getCauses().get(0).getField());
    }

    @Test
    void badOptionsAre422() {
        assertStatus(422, "Invalid", () -> parse("application/merge-patch+json", "{}", query("force", "true")));
        assertStatus(422, "Invalid", () -> parse("application/merge-patch+json", "{}", query("dryRun", "Some")));
        assertStatus(422, "Invalid", () -> parse("application/merge-patch+json", "{}",
                query("fieldValidation", "Lax")));
        var dryRun = parse("application/merge-patch+json", "{}", query("dryRun", "All", "fieldManager", "kubectl"));
        assertTrue(dryRun.dryRun());
        assertFalse(parse("application/merge-patch+json", "{}", query()).dryRun());
    }

    @Test
    void undecodableBodiesAre400() {
        assertStatus(400, "BadRequest", () -> parse("application/merge-patch+json", "{\"a\":", query()));
        assertStatus(400, "BadRequest", () -> parse("application/merge-patch+json", "", query()));
        assertStatus(400, "BadRequest", () -> parse("application/merge-patch+json", "null", query()));
        assertStatus(400, "BadRequest", () -> parse("application/json-patch+json", "{}", query()));
        assertStatus(400, "BadRequest", () -> parse("application/strategic-merge-patch+json", "[]", query()));
        assertStatus(400, "BadRequest", () -> parse("application/apply-patch+yaml", "kind: Pod\n",
                query("fieldManager", "m")));
    }
}
