package io.dbxcp.local.template;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves template values ({@link Intrinsic}s included) to what they would be in a deployed stack, using
 * local values the runner provides and local stand-ins for resources that do not exist locally.
 *
 * <p>Lookup order for {@code !Ref X}: the local value {@code X}, the parameter's Default, a stand-in for the
 * resource X (see {@link #standInRef}). For {@code !GetAtt X.Attr}: the local value {@code X.Attr}, then a
 * stand-in. Pseudo parameters ({@code AWS::Region}, {@code AWS::AccountId}, ...) may also be given as local
 * values.
 */
public final class TemplateResolver {

    /** The value of {@code AWS::NoValue}: the property is left out. */
    public static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "AWS::NoValue";
        }
    };

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(!?)([^}]*)}");

    private final SamTemplate template;
    private final Map<String, String> localValues;
    private final String region;
    private final String accountId;

    public TemplateResolver(SamTemplate template, Map<String, String> localValues, String region, String accountId) {
        this.template = template;
        this.localValues = Map.copyOf(localValues);
        this.region = region;
        this.accountId = accountId;
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }

    /** The local stand-in ARN of a function (what {@code !GetAtt Fn.Arn} resolves to). */
    public String functionArn(String functionId) {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + functionId;
    }

    /** The local stand-in ARN of a state machine (what {@code !Ref Sm} / {@code !GetAtt Sm.Arn} resolve to). */
    public String stateMachineArn(String stateMachineId) {
        return "arn:aws:states:" + region + ":" + accountId + ":stateMachine:" + stateMachineId;
    }

    /** Resolves to a string (numbers and booleans are written as in JSON). */
    public String resolveString(Object raw) throws Unresolved {
        Object value = resolve(raw);
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        if (value instanceof List<?> list) {
            // A list parameter used where a string is expected: CloudFormation joins with commas.
            List<String> parts = new ArrayList<>();
            for (Object o : list) {
                parts.add(String.valueOf(o));
            }
            return String.join(",", parts);
        }
        throw new Unresolved("expected a string but got " + value);
    }

    /** Resolves a value: scalars stay, maps and lists are resolved deeply, intrinsics are evaluated. */
    public Object resolve(Object raw) throws Unresolved {
        if (raw instanceof Intrinsic intrinsic) {
            return evaluate(intrinsic);
        }
        if (raw instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (var e : map.entrySet()) {
                Object v = resolve(e.getValue());
                if (v != NO_VALUE) {
                    out.put(String.valueOf(e.getKey()), v);
                }
            }
            return out;
        }
        if (raw instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object o : list) {
                Object v = resolve(o);
                if (v != NO_VALUE) {
                    out.add(v);
                }
            }
            return out;
        }
        return raw;
    }

    private Object evaluate(Intrinsic in) throws Unresolved {
        Object arg = in.argument();
        return switch (in.function()) {
            case "Ref" -> ref(asString(resolve(arg), in));
            case "Fn::GetAtt" -> {
                List<?> parts = asList(arg, in);
                if (parts.size() != 2) {
                    throw new Unresolved(in + ": expected LogicalId.Attribute");
                }
                yield getAtt(asString(resolve(parts.get(0)), in), asString(resolve(parts.get(1)), in));
            }
            case "Fn::Sub" -> sub(arg, in);
            case "Fn::If" -> {
                List<?> parts = asList(arg, in);
                if (parts.size() != 3) {
                    throw new Unresolved(in + ": expected [condition, then, else]");
                }
                yield condition(asString(parts.get(0), in)) ? resolve(parts.get(1)) : resolve(parts.get(2));
            }
            case "Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or", "Condition" -> test(in);
            case "Fn::Select" -> {
                List<?> parts = asList(arg, in);
                int index = Integer.parseInt(asString(resolve(parts.get(0)), in).trim());
                List<?> items = asList(resolve(parts.get(1)), in);
                if (index < 0 || index >= items.size()) {
                    throw new Unresolved(in + ": index " + index + " out of range");
                }
                yield items.get(index);
            }
            case "Fn::Join" -> {
                List<?> parts = asList(arg, in);
                String delimiter = asString(resolve(parts.get(0)), in);
                List<String> strings = new ArrayList<>();
                for (Object o : asList(resolve(parts.get(1)), in)) {
                    strings.add(String.valueOf(o));
                }
                yield String.join(delimiter, strings);
            }
            case "Fn::Split" -> {
                List<?> parts = asList(arg, in);
                String delimiter = asString(resolve(parts.get(0)), in);
                String source = asString(resolve(parts.get(1)), in);
                yield List.of(source.split(Pattern.quote(delimiter), -1));
            }
            case "Fn::FindInMap" -> {
                List<?> parts = asList(arg, in);
                Object value = template.mappings().get(asString(resolve(parts.get(0)), in));
                for (int i = 1; i < parts.size() && i < 3; i++) {
                    value = SamTemplate.map(value).get(asString(resolve(parts.get(i)), in));
                }
                if (value == null) {
                    throw new Unresolved(in + ": no such mapping entry");
                }
                yield value;
            }
            case "Fn::Base64" -> Base64.getEncoder()
                    .encodeToString(asString(resolve(arg), in).getBytes(StandardCharsets.UTF_8));
            case "Fn::GetAZs" -> List.of(region + "a", region + "b", region + "c");
            case "Fn::Length" -> asList(resolve(arg), in).size();
            case "Fn::ImportValue" -> {
                String name = asString(resolve(arg), in);
                String local = localValues.get("ImportValue:" + name);
                if (local == null) {
                    throw new Unresolved(in + ": an export of another stack; give it as local value 'ImportValue:"
                            + name + "'");
                }
                yield local;
            }
            default -> throw new Unresolved(in + ": " + in.function() + " is not evaluated locally");
        };
    }

    private Object ref(String name) throws Unresolved {
        String local = localValues.get(name);
        if (local != null) {
            return local;
        }
        switch (name) {
            case "AWS::Region": return region;
            case "AWS::AccountId": return accountId;
            case "AWS::Partition": return "aws";
            case "AWS::URLSuffix": return "amazonaws.com";
            case "AWS::StackName": return "dbxcp-local";
            case "AWS::StackId":
                return "arn:aws:cloudformation:" + region + ":" + accountId + ":stack/dbxcp-local/local";
            case "AWS::NoValue": return NO_VALUE;
            case "AWS::NotificationARNs": return List.of();
            default: break;
        }
        Object parameter = template.parameters().get(name);
        if (parameter != null) {
            Map<String, Object> p = SamTemplate.map(parameter);
            Object dflt = p.get("Default");
            if (dflt == null) {
                throw new Unresolved("!Ref " + name + ": a parameter without Default; give it a local value"
                        + " (scripts/run --value " + name + "=...)");
            }
            String type = String.valueOf(p.getOrDefault("Type", "String"));
            if ((type.startsWith("List<") || type.equals("CommaDelimitedList")) && dflt instanceof String s) {
                return List.of(s.split(",", -1));
            }
            return dflt;
        }
        return standInRef(name);
    }

    /** A stand-in for {@code !Ref X} where X is a resource. */
    private String standInRef(String name) throws Unresolved {
        Optional<Resource> resource = template.resource(name);
        if (resource.isEmpty()) {
            // SAM's AutoPublishAlias: "Fn.Alias" and the generated "FnAlias<alias>".
            if (name.endsWith(".Alias") && isFunction(name.substring(0, name.length() - 6))) {
                String fn = name.substring(0, name.length() - 6);
                return functionArn(fn) + ":" + template.autoPublishAlias(fn).orElse("live");
            }
            if (name.endsWith(".Version") && isFunction(name.substring(0, name.length() - 8))) {
                return functionArn(name.substring(0, name.length() - 8)) + ":1";
            }
            Optional<String> aliased = aliasedFunction(name);
            if (aliased.isPresent()) {
                return functionArn(aliased.get()) + ":" + template.autoPublishAlias(aliased.get()).orElseThrow();
            }
            throw new Unresolved("!Ref " + name + ": no such parameter or resource");
        }
        Resource r = resource.get();
        return switch (r.type()) {
            case "AWS::Serverless::Function", "AWS::Lambda::Function" -> r.logicalId();
            case "AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine" -> stateMachineArn(r.logicalId());
            case "AWS::Events::EventBus" -> namedOr(r, "Name", r.logicalId());
            case "AWS::S3::Bucket" -> namedOr(r, "BucketName", r.logicalId().toLowerCase());
            case "AWS::SQS::Queue" -> "https://sqs." + region + ".amazonaws.com/" + accountId + "/"
                    + namedOr(r, "QueueName", r.logicalId());
            case "AWS::SNS::Topic" -> "arn:aws:sns:" + region + ":" + accountId + ":"
                    + namedOr(r, "TopicName", r.logicalId());
            case "AWS::SecretsManager::Secret" -> "arn:aws:secretsmanager:" + region + ":" + accountId + ":secret:"
                    + namedOr(r, "Name", r.logicalId());
            case "AWS::IAM::Role" -> namedOr(r, "RoleName", r.logicalId());
            default -> r.logicalId();
        };
    }

    private Object getAtt(String id, String attribute) throws Unresolved {
        String local = localValues.get(id + "." + attribute);
        if (local != null) {
            return local;
        }
        Resource r = template.resource(id)
                .orElseThrow(() -> new Unresolved("!GetAtt " + id + "." + attribute + ": no such resource"));
        String type = r.type();
        if (r.isFunction() && attribute.equals("Arn")) {
            return functionArn(id);
        }
        if (r.isStateMachine()) {
            if (attribute.equals("Arn")) {
                return stateMachineArn(id);
            }
            if (attribute.equals("Name")) {
                return id;
            }
        }
        switch (type + "." + attribute) {
            case "AWS::Events::EventBus.Name": return namedOr(r, "Name", id);
            case "AWS::Events::EventBus.Arn":
                return "arn:aws:events:" + region + ":" + accountId + ":event-bus/" + namedOr(r, "Name", id);
            case "AWS::SQS::Queue.Arn":
                return "arn:aws:sqs:" + region + ":" + accountId + ":" + namedOr(r, "QueueName", id);
            case "AWS::SQS::Queue.QueueName": return namedOr(r, "QueueName", id);
            case "AWS::SQS::Queue.QueueUrl": return standInRef(id);
            case "AWS::SNS::Topic.TopicArn": return standInRef(id);
            case "AWS::SNS::Topic.TopicName": return namedOr(r, "TopicName", id);
            case "AWS::S3::Bucket.Arn": return "arn:aws:s3:::" + namedOr(r, "BucketName", id.toLowerCase());
            case "AWS::IAM::Role.Arn": return "arn:aws:iam::" + accountId + ":role/" + namedOr(r, "RoleName", id);
            case "AWS::KMS::Key.Arn": return "arn:aws:kms:" + region + ":" + accountId + ":key/" + id;
            case "AWS::KMS::Key.KeyId": return id;
            default: break;
        }
        if (attribute.equals("Arn")) {
            String service = type.startsWith("AWS::") ? type.split("::")[1].toLowerCase() : "local";
            return "arn:aws:" + service + ":" + region + ":" + accountId + ":" + id;
        }
        throw new Unresolved("!GetAtt " + id + "." + attribute + ": no local stand-in; give it as local value '"
                + id + "." + attribute + "'");
    }

    private Object sub(Object arg, Intrinsic in) throws Unresolved {
        String text;
        Map<String, Object> variables = Map.of();
        if (arg instanceof String s) {
            text = s;
        } else {
            List<?> parts = asList(arg, in);
            text = asString(parts.get(0), in);
            variables = SamTemplate.map(parts.size() > 1 ? parts.get(1) : null);
        }
        Matcher m = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group(1).equals("!")) {
                replacement = "${" + m.group(2) + "}"; // ${!Literal}
            } else {
                String name = m.group(2).trim();
                if (variables.containsKey(name)) {
                    replacement = resolveString(variables.get(name));
                } else if (name.contains(".") && !name.startsWith("AWS::")) {
                    int dot = name.indexOf('.');
                    replacement = String.valueOf(localOrGetAtt(name.substring(0, dot), name.substring(dot + 1)));
                } else {
                    replacement = resolveString(new Intrinsic("Ref", name));
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private Object localOrGetAtt(String id, String attribute) throws Unresolved {
        // ${Fn.Alias} in a !Sub is a Ref to SAM's generated alias, not a GetAtt.
        if (attribute.equals("Alias") || attribute.equals("Version")) {
            return ref(id + "." + attribute);
        }
        return getAtt(id, attribute);
    }

    private boolean condition(String name) throws Unresolved {
        Object definition = template.conditions().get(name);
        if (definition == null) {
            throw new Unresolved("condition " + name + " is not defined");
        }
        return truth(definition);
    }

    private boolean test(Intrinsic in) throws Unresolved {
        return truth(in);
    }

    private boolean truth(Object value) throws Unresolved {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s) {
            return Boolean.parseBoolean(s);
        }
        if (!(value instanceof Intrinsic in)) {
            throw new Unresolved("not a condition: " + value);
        }
        return switch (in.function()) {
            case "Condition" -> condition(asString(in.argument(), in));
            case "Fn::Equals" -> {
                List<?> parts = asList(in.argument(), in);
                yield Objects.equals(String.valueOf(resolve(parts.get(0))), String.valueOf(resolve(parts.get(1))));
            }
            case "Fn::Not" -> !truth(asList(in.argument(), in).get(0));
            case "Fn::And" -> {
                boolean all = true;
                for (Object o : asList(in.argument(), in)) {
                    all &= truth(o);
                }
                yield all;
            }
            case "Fn::Or" -> {
                boolean any = false;
                for (Object o : asList(in.argument(), in)) {
                    any |= truth(o);
                }
                yield any;
            }
            default -> truth(evaluate(in));
        };
    }

    private boolean isFunction(String id) {
        return template.resource(id).map(Resource::isFunction).orElse(false);
    }

    /** "FnAliaslive" -> "Fn" when Fn has AutoPublishAlias: live. */
    private Optional<String> aliasedFunction(String name) {
        for (Resource r : template.resources().values()) {
            if (r.isFunction()) {
                Optional<String> alias = template.autoPublishAlias(r.logicalId());
                if (alias.isPresent() && name.equals(r.logicalId() + "Alias" + alias.get())) {
                    return Optional.of(r.logicalId());
                }
            }
        }
        return Optional.empty();
    }

    private String namedOr(Resource r, String property, String fallback) throws Unresolved {
        Object name = r.property(property);
        return name == null ? fallback : resolveString(name);
    }

    private static String asString(Object value, Intrinsic in) throws Unresolved {
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        throw new Unresolved(in + ": expected a string but got " + value);
    }

    private static List<?> asList(Object value, Intrinsic in) throws Unresolved {
        if (value instanceof List<?> list) {
            return list;
        }
        if (value instanceof String s) {
            return List.of(s.split(",", -1));
        }
        throw new Unresolved(in + ": expected a list but got " + value);
    }
}
