package dev.shoal.protocol.golden.write;

import static dev.shoal.protocol.golden.GoldenFiles.JSON;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON for people: objects indented, arrays of plain values on one line (a layout's 1024 owners would otherwise
 * take 1024 lines), arrays of objects one element per line.
 *
 * <pre>{@code
 * Files.writeString(path, CompactJson.print(tree) + "\n");
 * }</pre>
 */
final class CompactJson {
    private CompactJson() {
    }

    static String print(JsonNode n) {
        StringBuilder sb = new StringBuilder();
        print(n, "", sb);
        return sb.toString();
    }

    private static void print(JsonNode n, String indent, StringBuilder sb) {
        String inner = indent + "  ";
        if (n.isObject()) {
            if (n.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append("{\n");
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                sb.append(inner).append(scalar(JSON.getNodeFactory().textNode(f.getKey()))).append(": ");
                print(f.getValue(), inner, sb);
                sb.append(it.hasNext() ? ",\n" : "\n");
            }
            sb.append(indent).append('}');
        } else if (n.isArray() && containsContainers(n)) {
            sb.append("[\n");
            for (int i = 0; i < n.size(); i++) {
                sb.append(inner);
                print(n.get(i), inner, sb);
                sb.append(i + 1 < n.size() ? ",\n" : "\n");
            }
            sb.append(indent).append(']');
        } else if (n.isArray()) {
            sb.append('[');
            for (int i = 0; i < n.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(scalar(n.get(i)));
            }
            sb.append(']');
        } else {
            sb.append(scalar(n));
        }
    }

    private static boolean containsContainers(JsonNode array) {
        for (JsonNode e : array) {
            if (e.isContainerNode()) {
                return true;
            }
        }
        return false;
    }

    private static String scalar(JsonNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
