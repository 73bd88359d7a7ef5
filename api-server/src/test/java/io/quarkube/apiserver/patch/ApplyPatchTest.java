package io.quarkube.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static io.quarkube.apiserver.patch.Trees.assertJson;
import static io.quarkube.apiserver.patch.Trees.assertStatus;
import static io.quarkube.apiserver.patch.Trees.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ApplyPatchTest {
    private static final String YAML = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: p1
              labels:
                app: web
            spec:
              containers:
              - name: c
                image: nginx:1.27
                ports:
                - containerPort: 80
            """;

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void yamlAndJsonBodiesDecodeToTheSameTree() {
        JsonNode fromYaml = ApplyPatch.parse(bytes(YAML));
        JsonNode fromJson = ApplyPatch.parse(bytes(fromYaml.toString()));
        assertEquals(fromYaml, fromJson);
        assertEquals(80, fromYaml.at("/spec/containers/0/ports/0/containerPort").asInt());
    }

    @Test
    void applyingToNothingGivesTheConfigAndToALiveObjectMergesIt() {
        JsonNode applied = ApplyPatch.parse(bytes(YAML));
        assertEquals(applied, ApplyPatch.apply(null, applied, PatchSchemas.forKind("Pod")));
        JsonNode live = json("""
                {'apiVersion':'v1','kind':'Pod','metadata':{'name':'p1','uid':'u1','labels':{'tier':'front'}},
                 'spec':{'containers':[{'name':'c','image':'nginx:1.26','imagePullPolicy':'IfNotPresent'},
                                       {'name':'d','image':'redis'}]}}""");
        JsonNode merged = ApplyPatch.apply(live, applied, PatchSchemas.forKind("Pod"));
        assertJson("{'tier':'front','app':'web'}", merged.at("/metadata/labels"));
        assertEquals("u1", merged.at("/metadata/uid").asText());
        assertJson("""
                [{'name':'c','image':'nginx:1.27','imagePullPolicy':'IfNotPresent','ports':[{'containerPort':80}]},
                 {'name':'d','image':'redis'}]""", merged.at("/spec/containers"));
    }

    @Test
    void theConfigMustNameTheKindAndVersionOfTheUrl() {
        JsonNode applied = ApplyPatch.parse(bytes(YAML));
        ApplyPatch.check(applied, "v1", "Pod");
        assertStatus(400, "BadRequest", () -> ApplyPatch.check(applied, "apps/v1", "Pod"));
        assertStatus(400, "BadRequest", () -> ApplyPatch.check(applied, "v1", "Node"));
        assertStatus(400, "BadRequest", () -> ApplyPatch.check(json("{'apiVersion':'v1'}"), "v1", "Pod"));
        assertStatus(400, "BadRequest", () -> ApplyPatch.check(
                json("{'apiVersion':'v1','kind':'Pod','metadata':{'managedFields':[]}}"), "v1", "Pod"));
    }

    @Test
    void undecodableBodiesAreBadRequests() {
        assertStatus(400, "BadRequest", () -> ApplyPatch.parse(bytes("a: [unclosed")));
        assertStatus(400, "BadRequest", () -> ApplyPatch.parse(bytes("- a\n- b\n")));
        assertStatus(400, "BadRequest", () -> ApplyPatch.parse(bytes("{\"a\":")));
        assertStatus(400, "BadRequest", () -> ApplyPatch.parse(new byte[0]));
    }
}
