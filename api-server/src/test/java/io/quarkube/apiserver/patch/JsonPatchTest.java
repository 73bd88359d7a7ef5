package io.quarkube.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import static io.quarkube.apiserver.patch.Trees.assertJson;
import static io.quarkube.apiserver.patch.Trees.assertStatus;
import static io.quarkube.apiserver.patch.Trees.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonPatchTest {
    private static final JsonNode POD = json("""
            {'metadata':{'name':'p1','resourceVersion':'7','labels':{'app':'web'}},
             'spec':{'containers':[{'name':'a','image':'nginx'},{'name':'b','image':'busybox'}]}}""");

    @Test
    void fabric8EditAddsLabelsAndResourceVersion() {
        JsonNode patched = JsonPatch.apply(POD, json("""
                [{'op':'add','path':'/metadata/labels/tier','value':'front'},
                 {'op':'replace','path':'/metadata/resourceVersion','value':'100'}]"""));
        assertJson("{'app':'web','tier':'front'}", patched.at("/metadata/labels"));
        assertEquals("100", patched.at("/metadata/resourceVersion").asText());
        assertEquals("7", POD.at("/metadata/resourceVersion").asText(), "the input document is not modified");
    }

    @Test
    void pointerTokensAreUnescaped() {
        JsonNode patched = JsonPatch.apply(POD, json("""
                [{'op':'add','path':'/metadata/labels/app.kubernetes.io~1name','value':'x'},
                 {'op':'add','path':'/metadata/labels/a~0b','value':'y'},
                 {'op':'add','path':'/metadata/labels/c~01','value':'z'}]"""));
        assertJson("{'app':'web','app.kubernetes.io/name':'x','a~b':'y','c~1':'z'}", patched.at("/metadata/labels"));
    }

    @Test
    void arrayIndexesInsertAndDashAppends() {
        JsonNode patched = JsonPatch.apply(POD, json("""
                [{'op':'add','path':'/spec/containers/1','value':{'name':'mid'}},
                 {'op':'add','path':'/spec/containers/-','value':{'name':'last'}},
                 {'op':'remove','path':'/spec/containers/0'},
                 {'op':'add','path':'/spec/containers/0/image','value':'x'},
                 {'op':'replace','path':'/spec/containers/1/image','value':'bb'}]"""));
        assertJson("[{'name':'mid','image':'x'},{'name':'b','image':'bb'},{'name':'last'}]",
                patched.at("/spec/containers"));
    }

    @Test
    void moveAndCopy() {
        JsonNode patched = JsonPatch.apply(POD, json("""
                [{'op':'copy','from':'/metadata/labels','path':'/metadata/annotations'},
                 {'op':'move','from':'/spec/containers/1','path':'/spec/initContainers'}]"""));
        assertJson("{'app':'web'}", patched.at("/metadata/annotations"));
        assertJson("{'name':'b','image':'busybox'}", patched.at("/spec/initContainers"));
        assertEquals(1, patched.at("/spec/containers").size());
    }

    @Test
    void passingTestLetsTheRestApplyAndNumbersCompareByValue() {
        JsonNode doc = json("{'spec':{'replicas':3}}");
        JsonNode patched = JsonPatch.apply(doc, json("""
                [{'op':'test','path':'/spec/replicas','value':3.0},
                 {'op':'test','path':'/spec/missing','value':null},
                 {'op':'replace','path':'/spec/replicas','value':5}]"""));
        assertEquals(5, patched.at("/spec/replicas").asInt());
    }

    @Test
    void failedTestIsTheGeneric422() {
        var e = assertStatus(422, "Invalid", () -> JsonPatch.apply(POD, json("""
                [{'op':'add','path':'/metadata/labels/x','value':'y'},
                 {'op':'test','path':'/metadata/resourceVersion','value':'6'}]""")));
        assertEquals("the server rejected our request due to an error in our request", e.getMessage());
    }

    @Test
    void operationsOnMissingPathsAre422() {
        for (String op : new String[] {
                "{'op':'remove','path':'/spec/nope'}",
                "{'op':'replace','path':'/spec/nope','value':1}",
                "{'op':'add','path':'/a/b','value':1}",
                "{'op':'add','path':'/spec/containers/5','value':1}",
                "{'op':'add','path':'/spec/containers/01','value':1}",
                "{'op':'move','from':'/spec','path':'/spec/x'}",
                "{'op':'frobnicate','path':'/spec'}",
                "{'op':'add','path':'spec','value':1}",
                "{'op':'add','path':'/spec/x'}"}) {
            assertStatus(422, "Invalid", () -> JsonPatch.apply(POD, json("[" + op + "]")));
        }
    }

    @Test
    void malformedPatchDocumentsAre400() {
        assertStatus(400, "BadRequest", () -> JsonPatch.apply(POD, json("{'op':'add'}")));
        assertStatus(400, "BadRequest", () -> JsonPatch.apply(POD, json("['add']")));
    }

    @Test
    void tooManyOperationsAre413() {
        var ops = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i <= JsonPatch.MAX_OPERATIONS; i++) {
            ops.add(json("{'op':'test','path':'/metadata/name','value':'p1'}"));
        }
        assertStatus(413, "RequestEntityTooLarge", () -> JsonPatch.apply(POD, ops));
    }

    @Test
    void emptyPathAddressesTheWholeDocument() {
        assertJson("{'a':1}", JsonPatch.apply(POD, json("[{'op':'replace','path':'','value':{'a':1}}]")));
    }
}
