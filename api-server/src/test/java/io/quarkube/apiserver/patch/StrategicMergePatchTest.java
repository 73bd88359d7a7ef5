package io.quarkube.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static io.quarkube.apiserver.patch.Trees.assertJson;
import static io.quarkube.apiserver.patch.Trees.assertStatus;
import static io.quarkube.apiserver.patch.Trees.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Maps, lists by merge key and the directives; list cases follow apimachinery's strategicpatch tests. */
class StrategicMergePatchTest {
    private static final PatchSchema POD = PatchSchemas.forKind("Pod");
    private static final JsonNode LIVE = json("""
            {'apiVersion':'v1','kind':'Pod',
             'metadata':{'name':'p1','labels':{'app':'web','tier':'front'},'finalizers':['a','b']},
             'spec':{'containers':[
                {'name':'c','image':'nginx:1.26','env':[{'name':'A','value':'1'}],
                 'ports':[{'containerPort':80,'protocol':'TCP'}],'volumeMounts':[{'name':'v','mountPath':'/data'}]},
                {'name':'d','image':'redis','args':['--a','--b']}],
              'tolerations':[{'key':'k1','operator':'Exists'}],
              'volumes':[{'name':'v','emptyDir':{}}]},
             'status':{'phase':'Running','conditions':[
                {'type':'Ready','status':'False'},{'type':'PodScheduled','status':'True'}]}}""");

    private static JsonNode patch(String patch) {
        return StrategicMergePatch.apply(LIVE, json(patch), POD);
    }

    @Test
    void kubectlApplyThreeWayPatchFromTheContract() {
        JsonNode result = patch("""
                {'metadata':{'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'{}'},
                             'labels':{'tier':null}},
                 'spec':{'$setElementOrder/containers':[{'name':'side'},{'name':'c'}],
                         'containers':[{'image':'busybox','name':'side'},
                                       {'env':null,'image':'nginx:1.27','name':'c'}]}}""");
        assertJson("{'app':'web'}", result.at("/metadata/labels"));
        assertEquals("{}", result.at("/metadata/annotations")
                .get("kubectl.kubernetes.io/last-applied-configuration").asText());
        // $setElementOrder names side and c only; d, known only to the server, keeps its place after c
        assertJson("""
                [{'name':'side','image':'busybox'},
                 {'name':'c','image':'nginx:1.27','ports':[{'containerPort':80,'protocol':'TCP'}],
                  'volumeMounts':[{'name':'v','mountPath':'/data'}]},
                 {'name':'d','image':'redis','args':['--a','--b']}]""", result.at("/spec/containers"));
        assertFalse(result.toString().contains("$setElementOrder"));
    }

    @Test
    void setImageMergesByNameAndKeepsTheOtherContainers() {
        JsonNode result = patch("{'spec':{'containers':[{'name':'d','image':'redis:7'}]}}");
        assertEquals("nginx:1.26", result.at("/spec/containers/0/image").asText());
        assertJson("{'name':'d','image':'redis:7','args':['--a','--b']}", result.at("/spec/containers/1"));
        assertEquals(2, result.at("/spec/containers").size());
    }

    @Test
    void nestedListsMergeByTheirOwnKeys() {
        JsonNode result = patch("""
                {'spec':{'containers':[{'name':'c',
                   'env':[{'name':'B','value':'2'},{'name':'A','value':'9'}],
                   'ports':[{'containerPort':80,'name':'http'},{'containerPort':443}],
                   'volumeMounts':[{'mountPath':'/data','readOnly':true}]}]}}""");
        JsonNode c = result.at("/spec/containers/0");
        assertJson("[{'name':'B','value':'2'},{'name':'A','value':'9'}]", c.get("env"));
        assertJson("[{'containerPort':80,'protocol':'TCP','name':'http'},{'containerPort':443}]", c.get("ports"));
        assertJson("[{'name':'v','mountPath':'/data','readOnly':true}]", c.get("volumeMounts"));
    }

    @Test
    void mergeKeysMatchAcrossNumberRepresentations() {
        JsonNode result = StrategicMergePatch.apply(LIVE,
                json("{'spec':{'containers':[{'name':'c','ports':[{'containerPort':80.0,'name':'web'}]}]}}"), POD);
        assertEquals(1, result.at("/spec/containers/0/ports").size());
        assertEquals("web", result.at("/spec/containers/0/ports/0/name").asText());
    }

    @Test
    void patchDeleteRemovesAListElement() {
        JsonNode result = patch("{'spec':{'containers':[{'name':'c','$patch':'delete'}]}}");
        assertJson("[{'name':'d','image':'redis','args':['--a','--b']}]", result.at("/spec/containers"));
    }

    @Test
    void patchReplaceInAListReplacesTheWholeList() {
        JsonNode result = patch("{'spec':{'containers':[{'name':'x','image':'x'},{'$patch':'replace'}]}}");
        assertJson("[{'name':'x','image':'x'}]", result.at("/spec/containers"));
    }

    @Test
    void patchReplaceOnAMapReplacesItAndDeleteEmptiesIt() {
        JsonNode replaced = patch("{'metadata':{'labels':{'$patch':'replace','only':'me'}}}");
        assertJson("{'only':'me'}", replaced.at("/metadata/labels"));
        JsonNode deleted = patch("{'metadata':{'labels':{'$patch':'delete'}}}");
        assertJson("{}", deleted.at("/metadata/labels"));
        JsonNode merged = patch("{'metadata':{'labels':{'$patch':'merge','more':'x'}}}");
        assertJson("{'app':'web','tier':'front','more':'x'}", merged.at("/metadata/labels"));
    }

    @Test
    void nullDeletesAKey() {
        JsonNode result = patch("{'spec':{'tolerations':null},'status':{'phase':null}}");
        assertFalse(result.at("/spec").has("tolerations"));
        assertFalse(result.at("/status").has("phase"));
    }

    @Test
    void finalizersMergeAsASetAndDeleteFromPrimitiveListRemoves() {
        assertJson("['a','b','c']", patch("{'metadata':{'finalizers':['b','c']}}").at("/metadata/finalizers"));
        assertJson("['b']", patch("{'metadata':{'$deleteFromPrimitiveList/finalizers':['a','zz']}}")
                .at("/metadata/finalizers"));
        // upstream "delete items in lists of scalars": order, deletion, and what only the server had stays
        JsonNode live = json("{'metadata':{'finalizers':['1','2','3','4']}}");
        JsonNode result = StrategicMergePatch.apply(live, json("""
                {'metadata':{'$setElementOrder/finalizers':['1','2'],
                             '$deleteFromPrimitiveList/finalizers':['3']}}"""), POD);
        assertJson("['1','2','4']", result.at("/metadata/finalizers"));
        JsonNode none = StrategicMergePatch.apply(json("{'metadata':{}}"),
                json("{'metadata':{'$deleteFromPrimitiveList/finalizers':['x']}}"), POD);
        assertFalse(none.at("/metadata").has("finalizers"), "deleting from a missing list does not create it");
    }

    @Test
    void deleteFromPrimitiveListAlsoWorksOnAListWithoutMergeStrategy() {
        JsonNode result = patch("{'spec':{'containers':[{'name':'d','$deleteFromPrimitiveList/args':['--a']}]}}");
        assertJson("['--b']", result.at("/spec/containers/1/args"));
    }

    @Test
    void conditionsMergeByType() {
        JsonNode result = patch("""
                {'status':{'conditions':[{'type':'Ready','status':'True'},{'type':'Initialized','status':'True'}]}}""");
        assertJson("""
                [{'type':'Ready','status':'True'},{'type':'Initialized','status':'True'},
                 {'type':'PodScheduled','status':'True'}]""", result.at("/status/conditions"));
    }

    @Test
    void listsWithoutAStrategyAreReplaced() {
        JsonNode result = patch("""
                {'spec':{'tolerations':[{'key':'k2','operator':'Exists'}],
                         'containers':[{'name':'d','args':['--c']}],'unknownList':[1]}}""");
        assertJson("[{'key':'k2','operator':'Exists'}]", result.at("/spec/tolerations"));
        assertJson("['--c']", result.at("/spec/containers/1/args"));
        assertJson("[1]", result.at("/spec/unknownList"));
    }

    @Test
    void orderFollowsThePatchThenTheLiveList() {
        // upstream "preserve the order from the patch in a merging list 2"
        JsonNode live = json("{'spec':{'containers':[{'name':'1'},{'name':'2','image':'b'},{'name':'3'}]}}");
        JsonNode result = StrategicMergePatch.apply(live,
                json("{'spec':{'containers':[{'name':'3','image':'c'},{'name':'1','image':'a'}]}}"), POD);
        assertJson("[{'name':'2','image':'b'},{'name':'3','image':'c'},{'name':'1','image':'a'}]",
                result.at("/spec/containers"));
        // upstream "merge lists of maps" with $setElementOrder
        JsonNode current = json("{'spec':{'containers':[{'name':'1','image':'a'},{'name':'2','image':'b'}]}}");
        JsonNode ordered = StrategicMergePatch.apply(current, json("""
                {'spec':{'$setElementOrder/containers':[{'name':'4'},{'name':'1'},{'name':'2'},{'name':'3'}],
                         'containers':[{'name':'4','image':'d'},{'name':'3','image':'c'}]}}"""), POD);
        assertJson("""
                [{'name':'4','image':'d'},{'name':'1','image':'a'},
                 {'name':'2','image':'b'},{'name':'3','image':'c'}]""",
                ordered.at("/spec/containers"));
    }

    @Test
    void directivesInAListTheLiveObjectLacksDoNotLeak() {
        JsonNode live = json("{'spec':{'containers':[{'name':'c'}]}}");
        JsonNode result = StrategicMergePatch.apply(live, json("""
                {'spec':{'containers':[{'name':'c','env':[{'name':'X','$patch':'delete'},{'name':'Y','value':null}]}],
                         'initContainers':[{'name':'i','$patch':'delete'}]}}"""), POD);
        assertJson("[{'name':'Y'}]", result.at("/spec/containers/0/env"));
        assertJson("[]", result.at("/spec/initContainers"));
    }

    @Test
    void retainKeysClearsTheOtherMembersOfAUnion() {
        JsonNode result = patch("""
                {'spec':{'volumes':[{'name':'v','$retainKeys':['name','hostPath'],'hostPath':{'path':'/x'}}]}}""");
        assertJson("[{'name':'v','hostPath':{'path':'/x'}}]", result.at("/spec/volumes"));
        assertStatus(400, "BadRequest", () -> patch(
                "{'spec':{'volumes':[{'name':'v','$retainKeys':['name'],'hostPath':{'path':'/x'}}]}}"));
    }

    @Test
    void workloadTemplatesUseThePodSpecKeys() {
        JsonNode deployment = json("""
                {'spec':{'template':{'metadata':{'annotations':{'a':'1'}},
                                     'spec':{'containers':[{'name':'a','image':'1'},{'name':'b','image':'1'}]}}}}""");
        JsonNode restarted = StrategicMergePatch.apply(deployment, json("""
                {'spec':{'template':{'metadata':{'annotations':{'kubectl.kubernetes.io/restartedAt':'now'}},
                                     'spec':{'containers':[{'name':'b','image':'2'}]}}}}"""),
                PatchSchemas.forKind("Deployment"));
        assertJson("{'a':'1','kubectl.kubernetes.io/restartedAt':'now'}",
                restarted.at("/spec/template/metadata/annotations"));
        assertJson("[{'name':'a','image':'1'},{'name':'b','image':'2'}]",
                restarted.at("/spec/template/spec/containers"));

        JsonNode cronJob = json(
                "{'spec':{'jobTemplate':{'spec':{'template':{'spec':{'containers':[{'name':'a'}]}}}}}}");
        JsonNode patched = StrategicMergePatch.apply(cronJob,
                json("{'spec':{'jobTemplate':{'spec':{'template':{'spec':{'containers':[{'name':'b'}]}}}}}}"),
                PatchSchemas.forKind("CronJob"));
        assertEquals(2, patched.at("/spec/jobTemplate/spec/template/spec/containers").size());
    }

    @Test
    void ownerReferencesMergeByUid() {
        JsonNode live = json("{'metadata':{'ownerReferences':[{'uid':'1','name':'rs-a'}]}}");
        JsonNode result = StrategicMergePatch.apply(live,
                json("{'metadata':{'ownerReferences':[{'uid':'2','name':'rs-b'},{'uid':'1','controller':true}]}}"),
                PatchSchemas.forKind("ReplicaSet"));
        assertJson("[{'uid':'2','name':'rs-b'},{'uid':'1','name':'rs-a','controller':true}]",
                result.at("/metadata/ownerReferences"));
    }

    @Test
    void malformedPatchesAreBadRequests() {
        assertStatus(400, "BadRequest", () -> StrategicMergePatch.apply(LIVE, json("[1]"), POD));
        assertStatus(400, "BadRequest", () -> patch("{'spec':{'containers':[{'image':'no-name'}]}}"));
        assertStatus(400, "BadRequest", () -> patch("{'metadata':{'labels':{'$patch':'explode'}}}"));
        assertStatus(400, "BadRequest", () -> patch("{'spec':{'containers':[{'name':'c','$patch':'merge'}]}}"));
        assertStatus(400, "BadRequest", () -> patch("""
                {'spec':{'$setElementOrder/containers':[{'name':'c'},{'name':'d'}],
                         'containers':[{'name':'d'},{'name':'c'}]}}"""));
        assertStatus(400, "BadRequest", () -> patch("{'metadata':{'$deleteFromPrimitiveList/finalizers':'a'}}"));
        assertStatus(422, "Invalid", () -> patch("{'metadata':{'finalizers':[['a']]}}"));
    }

    @Test
    void theInputsAreNotModified() {
        String before = LIVE.toString();
        JsonNode patchDoc = json("{'spec':{'$setElementOrder/containers':[{'name':'d'},{'name':'c'}]}}");
        String patchBefore = patchDoc.toString();
        StrategicMergePatch.apply(LIVE, patchDoc, POD);
        assertEquals(before, LIVE.toString());
        assertEquals(patchBefore, patchDoc.toString());
    }
}
