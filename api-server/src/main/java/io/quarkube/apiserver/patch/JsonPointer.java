package io.quarkube.apiserver.patch;

import java.util.ArrayList;
import java.util.List;

/** RFC 6901 JSON pointers: "" is the whole document, "/a~1b/0" is key "a/b", then index 0. */
final class JsonPointer {
    private JsonPointer() {
    }

    /** The unescaped reference tokens; throws IllegalArgumentException for a pointer not starting with "/". */
    static List<String> parse(String pointer) {
        List<String> tokens = new ArrayList<>();
        if (pointer.isEmpty()) {
            return tokens;
        }
        if (pointer.charAt(0) != '/') {
            throw new IllegalArgumentException("JSON pointer must be empty or start with a \"/\": " + pointer);
        }
        for (String raw : pointer.substring(1).split("/", -1)) {
            tokens.add(unescape(raw));
        }
        return tokens;
    }

    /** ~1 becomes "/" first, then ~0 becomes "~", so "~01" stays the literal "~1". */
    static String unescape(String token) {
        if (token.indexOf('~') < 0) {
            return token;
        }
        StringBuilder out = new StringBuilder(token.length());
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c != '~') {
                out.append(c);
                continue;
            }
            char next = i + 1 < token.length() ? token.charAt(i + 1) : ' ';
            if (next == '0') {
                out.append('~');
            } else if (next == '1') {
                out.append('/');
            } else {
                throw new IllegalArgumentException("invalid escape in JSON pointer token: " + token);
            }
            i++;
        }
        return out.toString();
    }

    /** An array index token: "0" or digits without a leading zero; -1 when the token is not one. */
    static int index(String token) {
        if (token.isEmpty() || token.length() > 9 || (token.length() > 1 && token.charAt(0) == '0')) {
            return -1;
        }
        for (int i = 0; i < token.length(); i++) {
            if (!Character.isDigit(token.charAt(i))) {
                return -1;
            }
        }
        return Integer.parseInt(token);
    }
}
