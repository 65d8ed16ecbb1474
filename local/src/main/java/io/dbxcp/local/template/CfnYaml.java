package io.dbxcp.local.template;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a CloudFormation / SAM template: YAML with the short intrinsic tags ({@code !Ref}, {@code !GetAtt},
 * {@code !Sub}, {@code !If}, ...), each parsed into an {@link Intrinsic}. The long JSON form
 * ({@code Fn::GetAtt: [...]}) is turned into the same {@link Intrinsic}, so callers see one shape.
 */
public final class CfnYaml {

    private CfnYaml() {
    }

    /** Parses the template at {@code file} into maps, lists, scalars and {@link Intrinsic}s. */
    public static Map<String, Object> load(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object doc = yaml().load(reader);
            if (!(doc instanceof Map<?, ?>)) {
                throw new IOException(file + " is not a YAML mapping");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) normalize(doc);
            return map;
        }
    }

    /** Parses YAML text (tests, inline snippets). */
    public static Object parse(String text) {
        return normalize(yaml().load(text));
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(32 * 1024 * 1024);
        return new Yaml(new CfnConstructor(options));
    }

    /** Replaces the JSON form of intrinsics ({@code {"Ref": x}}) with {@link Intrinsic}, recursively. */
    private static Object normalize(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), normalize(v)));
            Intrinsic intrinsic = Intrinsic.fromMap(out);
            return intrinsic != null ? intrinsic : out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(normalize(v)));
            return out;
        }
        if (value instanceof Intrinsic(String function, Object argument)) {
            return new Intrinsic(function, normalize(argument));
        }
        return value;
    }

    private static final class CfnConstructor extends SafeConstructor {
        CfnConstructor(LoaderOptions options) {
            super(options);
            for (String shortTag : Intrinsic.SHORT_TAGS) {
                yamlConstructors.put(new Tag("!" + shortTag), new ConstructIntrinsic(shortTag));
            }
        }

        private final class ConstructIntrinsic extends AbstractConstruct {
            private final String shortTag;

            ConstructIntrinsic(String shortTag) {
                this.shortTag = shortTag;
            }

            @Override
            public Object construct(Node node) {
                Object argument = switch (node) {
                    case ScalarNode scalar -> {
                        String text = constructScalar(scalar);
                        yield shortTag.equals("GetAtt") ? Intrinsic.splitGetAtt(text) : text;
                    }
                    case SequenceNode sequence -> constructSequence(sequence);
                    case MappingNode mapping -> constructMapping(mapping);
                    default -> throw new IllegalStateException("unexpected YAML node " + node);
                };
                return new Intrinsic(Intrinsic.longName(shortTag), argument);
            }
        }
    }
}
