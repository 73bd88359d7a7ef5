package io.quarkube.apiserver.selection;

import io.quarkube.apiserver.errors.StatusException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The labelSelector query parameter: {@code a=b, a==b, a!=b, a in (x,y), a notin (x), a, !a}, comma-joined
 * requirements that must all hold (apimachinery pkg/labels).
 */
public final class LabelSelector {
    private static final Pattern SET = Pattern.compile("^\\s*([^\\s!=(),]+)\\s+(in|notin)\\s*\\(([^)]*)\\)\\s*$");
    private static final Pattern EQ = Pattern.compile("^\\s*([^\\s!=(),]+)\\s*(==|=|!=)\\s*([^\\s!=(),]*)\\s*$");
    private static final Pattern EXISTS = Pattern.compile("^\\s*(!?)\\s*([^\\s!=(),]+)\\s*$");

    private final List<Requirement> requirements;

    private LabelSelector(List<Requirement> requirements) {
        this.requirements = requirements;
    }

    public static final LabelSelector EVERYTHING = new LabelSelector(List.of());

    public static LabelSelector parse(String selector) {
        if (selector == null || selector.isBlank()) {
            return EVERYTHING;
        }
        List<Requirement> requirements = new ArrayList<>();
        for (String term : splitTopLevel(selector)) {
            requirements.add(parseTerm(term, selector));
        }
        return new LabelSelector(requirements);
    }

    public boolean matches(Map<String, String> labels) {
        Map<String, String> l = labels == null ? Map.of() : labels;
        return requirements.stream().allMatch(r -> r.matches(l));
    }

    private static Requirement parseTerm(String term, String whole) {
        Matcher m = SET.matcher(term);
        if (m.matches()) {
            Set<String> values = Set.of(m.group(3).trim().isEmpty() ? new String[0] : m.group(3).split("\\s*,\\s*"));
            boolean in = m.group(2).equals("in");
            String key = m.group(1);
            return labels -> in == (labels.containsKey(key) && values.contains(labels.get(key)));
        }
        m = EQ.matcher(term);
        if (m.matches()) {
            String key = m.group(1);
            String value = m.group(3);
            boolean equal = !m.group(2).equals("!=");
            return labels -> equal == value.equals(labels.get(key));
        }
        m = EXISTS.matcher(term);
        if (m.matches()) {
            boolean negated = !m.group(1).isEmpty();
            String key = m.group(2);
            return labels -> negated != labels.containsKey(key);
        }
        throw StatusException.badRequest("unable to parse requirement: \"" + term.trim() + "\" in label selector \""
                + whole + "\"");
    }

    /** Splits on commas that are not inside parentheses. */
    private static List<String> splitTopLevel(String selector) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < selector.length(); i++) {
            char ch = selector.charAt(i);
            if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
            } else if (ch == ',' && depth == 0) {
                parts.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(selector.substring(start));
        return parts;
    }

    @FunctionalInterface
    private interface Requirement {
        boolean matches(Map<String, String> labels);
    }
}
