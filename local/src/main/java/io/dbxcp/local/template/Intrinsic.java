package io.dbxcp.local.template;

import java.util.List;
import java.util.Map;

/**
 * A CloudFormation intrinsic function as written in a template: {@code !Ref X} or {@code {"Ref": "X"}}
 * become {@code Intrinsic("Ref", "X")}; {@code !GetAtt A.B} becomes {@code Intrinsic("Fn::GetAtt", [A, B])}.
 *
 * @param function the long name: {@code Ref}, {@code Condition} or {@code Fn::Xxx}
 * @param argument the argument as parsed: a String, a List or a Map, possibly holding more intrinsics
 */
public record Intrinsic(String function, Object argument) {

    /** The long names of every short tag CloudFormation defines. */
    static final List<String> SHORT_TAGS = List.of(
            "Ref", "Condition", "GetAtt", "Sub", "If", "Equals", "Not", "And", "Or", "Select", "Join", "Split",
            "FindInMap", "Base64", "Cidr", "GetAZs", "ImportValue", "Transform", "ToJsonString", "Length",
            "ForEach");

    static String longName(String shortTag) {
        return switch (shortTag) {
            case "Ref", "Condition" -> shortTag;
            default -> "Fn::" + shortTag;
        };
    }

    /** Recognises the JSON form {@code {"Ref": x}} / {@code {"Fn::Xxx": x}} of a parsed map. */
    static Intrinsic fromMap(Map<?, ?> map) {
        if (map.size() != 1) {
            return null;
        }
        var entry = map.entrySet().iterator().next();
        if (!(entry.getKey() instanceof String key)) {
            return null;
        }
        if (key.equals("Ref") || key.equals("Condition") && entry.getValue() instanceof String
                || key.startsWith("Fn::")) {
            Object arg = entry.getValue();
            if (key.equals("Fn::GetAtt") && arg instanceof String s) {
                arg = splitGetAtt(s);
            }
            return new Intrinsic(key, arg);
        }
        return null;
    }

    static List<String> splitGetAtt(String value) {
        int dot = value.indexOf('.');
        return dot < 0 ? List.of(value) : List.of(value.substring(0, dot), value.substring(dot + 1));
    }

    @Override
    public String toString() {
        String shortName = function.startsWith("Fn::") ? function.substring(4) : function;
        return "!" + shortName + " " + argument;
    }
}
