package io.quarkube.api.labels;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelSelectorsTest {
    private static final Map<String, String> LABELS = Map.of("app", "web", "tier", "front");

    private static LabelSelector expr(String key, String op, String... values) {
        return new LabelSelector(List.of(new LabelSelectorRequirement(key, op, List.of(values))), null);
    }

    @Test
    void matchLabelsMustAllBePresent() {
        assertTrue(LabelSelectors.matches(new LabelSelector(null, Map.of("app", "web")), LABELS));
        assertFalse(LabelSelectors.matches(new LabelSelector(null, Map.of("app", "web", "x", "y")), LABELS));
    }

    @Test
    void expressions() {
        assertTrue(LabelSelectors.matches(expr("tier", "In", "front", "back"), LABELS));
        assertFalse(LabelSelectors.matches(expr("tier", "In", "back"), LABELS));
        assertTrue(LabelSelectors.matches(expr("tier", "NotIn", "back"), LABELS));
        assertTrue(LabelSelectors.matches(expr("missing", "NotIn", "x"), LABELS));
        assertTrue(LabelSelectors.matches(expr("app", "Exists"), LABELS));
        assertFalse(LabelSelectors.matches(expr("app", "DoesNotExist"), LABELS));
    }

    @Test
    void nullMatchesNothingAndEmptyMatchesEverything() {
        assertFalse(LabelSelectors.matches(null, LABELS));
        assertTrue(LabelSelectors.matches(new LabelSelector(), LABELS));
    }
}
