package io.dbxcp.local.template;

import java.util.Map;

/** One entry of the template's {@code Resources}. */
public record Resource(String logicalId, String type, Map<String, Object> properties) {

    public Resource {
        properties = properties == null ? Map.of() : properties;
    }

    public boolean isFunction() {
        return type.equals("AWS::Serverless::Function") || type.equals("AWS::Lambda::Function");
    }

    public boolean isStateMachine() {
        return type.equals("AWS::Serverless::StateMachine") || type.equals("AWS::StepFunctions::StateMachine");
    }

    public Object property(String name) {
        return properties.get(name);
    }
}
