package io.quarkube.kubelet.runtime;

import java.util.Map;

/** Kubernetes' {@code $(VAR)} references in command, args and env values; {@code $$} escapes, unknown ones stay. */
final class VarExpansion {

    private VarExpansion() {
    }

    static String expand(String input, Map<String, String> vars) {
        if (input == null || input.indexOf('$') < 0) {
            return input;
        }
        StringBuilder out = new StringBuilder(input.length());
        int i = 0;
        while (i < input.length()) {
            char c = input.charAt(i);
            if (c == '$' && i + 1 < input.length()) {
                char next = input.charAt(i + 1);
                if (next == '$') {
                    out.append('$');
                    i += 2;
                    continue;
                }
                int close = next == '(' ? input.indexOf(')', i + 2) : -1;
                if (close > 0) {
                    String name = input.substring(i + 2, close);
                    String value = vars.get(name);
                    if (value != null) {
                        out.append(value);
                    } else {
                        out.append(input, i, close + 1);
                    }
                    i = close + 1;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }
}
