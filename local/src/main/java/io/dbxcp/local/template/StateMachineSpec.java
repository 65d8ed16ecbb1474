package io.dbxcp.local.template;

import java.nio.file.Path;
import java.util.Map;

/**
 * A state machine of the template.
 *
 * @param logicalId      its logical id
 * @param definitionFile the DefinitionUri resolved against the template's folder, or null for an inline Definition
 * @param inlineDefinition the inline {@code Definition} (a map), or null
 * @param substitutions  DefinitionSubstitutions, unresolved
 * @param name           the {@code Name} property (may be an intrinsic), or null
 */
public record StateMachineSpec(String logicalId, Path definitionFile, Map<String, Object> inlineDefinition,
        Map<String, Object> substitutions, Object name) {

    /** The definition's file name without {@code .asl.json} / {@code .json} / {@code .yaml}: the workflow name. */
    public String workflowName() {
        if (definitionFile == null) {
            return logicalId;
        }
        String file = definitionFile.getFileName().toString();
        for (String suffix : new String[] {".asl.json", ".asl.yaml", ".asl.yml", ".json", ".yaml", ".yml"}) {
            if (file.endsWith(suffix)) {
                return file.substring(0, file.length() - suffix.length());
            }
        }
        return file;
    }
}
