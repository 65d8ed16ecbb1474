package io.dbxcp.intake;

import io.dbxcp.common.json.Json;
import io.dbxcp.common.logging.Handlers;
import java.util.List;

/**
 * SnapStart priming of the intake: before the snapshot, route and validate a workspace request (the
 * schemas load, the validator and Jackson warm up) and write a result, with no network call.
 */
final class IntakePriming {
    private static final String EVENT = """
            {"version":"0","id":"00000000-0000-4000-8000-000000000000","detail-type":"Workspace Requested","source":"dbxcp.controlplane",
             "account":"111122223333","time":"2026-01-01T00:00:00Z","region":"us-east-1","resources":[],
             "detail":{"requestId":"priming","workspaceName":"priming","awsAccountId":"111122223333","region":"us-east-1",
                       "crossAccountRoleArn":"arn:aws:iam::111122223333:role/priming","rootBucket":"priming-root"}}""";

    private IntakePriming() {}

    static void prime() {
        new EventRouter().route(Json.read(EVENT));
        Json.write(IntakeResult.rejected("provision-workspace", List.of()));
        Handlers.metrics();
    }
}
