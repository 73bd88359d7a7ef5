package io.quarkube.scheduler.plugins.podtopologyspread;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.quarkube.api.labels.LabelSelectors;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The compiled selector must agree with the shared LabelSelectors on every case. */
class PodSelectorTest {
    private static LabelSelector sel(Map<String, String> labels, LabelSelectorRequirement... expressions) {
        return new LabelSelector(new ArrayList<>(List.of(expressions)), labels);
    }

    private static LabelSelectorRequirement req(String key, String op, String... values) {
        return new LabelSelectorRequirement(key, op, List.of(values));
    }

    @Test
    void agreesWithLabelSelectorsOnEveryOperator() {
        List<LabelSelector> selectors = new ArrayList<>();
        selectors.add(null);
        selectors.add(new LabelSelector());
        selectors.add(sel(Map.of("app", "web")));
        selectors.add(sel(Map.of("app", "web", "tier", "front")));
        selectors.add(sel(null, req("app", "In", "web", "db")));
        selectors.add(sel(null, req("app", "NotIn", "web")));
        selectors.add(sel(null, req("tier", "Exists")));
        selectors.add(sel(null, req("tier", "DoesNotExist")));
        selectors.add(sel(Map.of("app", "web"), req("tier", "In", "front"), req("canary", "DoesNotExist")));
        selectors.add(sel(null, req("app", "Bogus", "web")));
        List<Map<String, String>> labelSets = List.of(Map.of(), Map.of("app", "web"), Map.of("app", "db"),
                Map.of("app", "web", "tier", "front"), Map.of("app", "web", "tier", "back", "canary", "true"));
        int matched = 0;
        for (LabelSelector selector : selectors) {
            PodSelector compiled = new PodSelector(selector);
            for (Map<String, String> labels : labelSets) {
                boolean expected = LabelSelectors.matches(selector, labels);
                assertEquals(expected, compiled.matches(labels), selector + " on " + labels);
                matched += expected ? 1 : 0;
            }
            assertFalse(compiled.matches(null) != LabelSelectors.matches(selector, null), "null labels, " + selector);
        }
        assertTrue(matched > 10, "the cases exercise matches too");
    }

    @Test
    void onlySelectorsWithRequirementsCountPods() {
        assertFalse(new PodSelector(null).hasRequirements());
        assertFalse(new PodSelector(new LabelSelector()).hasRequirements());
        assertTrue(new PodSelector(sel(Map.of("app", "web"))).hasRequirements());
        assertTrue(new PodSelector(sel(null, req("app", "Exists"))).hasRequirements());
    }
}
