package io.quarkube.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.junit.jupiter.api.Test;

import static io.quarkube.apiserver.patch.Trees.assertJson;
import static io.quarkube.apiserver.patch.Trees.assertStatus;
import static io.quarkube.apiserver.patch.Trees.json;

class MergePatchTest {
    private static final JsonNode DEPLOYMENT = json("""
            {'metadata':{'name':'d1','labels':{'app':'web','tier':'front'}},
             'spec':{'replicas':3,'template':{'spec':{'containers':[{'name':'a'},{'name':'b'}]}}}}""");

    @Test
    void kubectlLabelAddsAndNullDeletes() {
        JsonNode patched = MergePatch.apply(DEPLOYMENT, json("{'metadata':{'labels':{'env':'prod','tier':null}}}"));
        assertJson("{'app':'web','env':'prod'}", patched.at("/metadata/labels"));
        assertJson("{'app':'web','tier':'front'}", DEPLOYMENT.at("/metadata/labels"));
    }

    @Test
    void kubectlScaleChangesOneFieldAndKeepsTheRest() {
        JsonNode patched = MergePatch.apply(DEPLOYMENT, json("{'spec':{'replicas':5}}"));
        assertJson("""
                {'metadata':{'name':'d1','labels':{'app':'web','tier':'front'}},
                 'spec':{'replicas':5,'template':{'spec':{'containers':[{'name':'a'},{'name':'b'}]}}}}""", patched);
    }

    @Test
    void arraysAreReplacedWholesale() {
        JsonNode patched = MergePatch.apply(DEPLOYMENT,
                json("{'spec':{'template':{'spec':{'containers':[{'name':'c'}]}}}}"));
        assertJson("[{'name':'c'}]", patched.at("/spec/template/spec/containers"));
    }

    @Test
    void nullsInsideNewObjectsAreDropped() {
        JsonNode patched = MergePatch.apply(DEPLOYMENT, json("{'metadata':{'annotations':{'a':'1','b':null}}}"));
        assertJson("{'a':'1'}", patched.at("/metadata/annotations"));
    }

    @Test
    void aNonObjectPatchReplacesTheDocument() {
        assertJson("[1,2]", MergePatch.apply(DEPLOYMENT, json("[1,2]")));
        assertJson("{'x':{'y':1}}", MergePatch.apply(json("{'x':'scalar'}"), json("{'x':{'y':1}}")));
    }

    @Test
    void aNullPatchIsABadRequest() {
        assertStatus(400, "BadRequest", () -> MergePatch.apply(DEPLOYMENT, NullNode.instance));
    }
}
