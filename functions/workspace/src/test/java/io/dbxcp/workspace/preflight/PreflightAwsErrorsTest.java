package io.dbxcp.workspace.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.dbxcp.common.aws.AwsCalls;
import io.dbxcp.common.errors.PreconditionFailedException;
import io.dbxcp.common.errors.TransientException;
import io.dbxcp.common.json.Json;
import io.dbxcp.testsupport.MotoServer;
import io.dbxcp.testsupport.SampleEvents;
import io.dbxcp.workspace.model.WorkspaceRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * How AWS errors end the step: throttling and 5xx as TransientException (the state machine retries),
 * a refusal as one more precondition problem. moto cannot throttle, so IAM here is a local HTTP
 * server answering IAM's error format; the other services are moto.
 */
class PreflightAwsErrorsTest {
    @RegisterExtension
    static final MotoServer moto = MotoServer.shared();

    static HttpServer iam;
    static volatile int status;
    static volatile String code;

    @BeforeAll
    static void start() throws IOException {
        iam = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        iam.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type><Code>" + code
                    + "</Code><Message>" + code + " from the test server</Message></Error><RequestId>r-1</RequestId></ErrorResponse>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        iam.start();
    }

    @AfterAll
    static void stop() {
        iam.stop(0);
    }

    static PreflightService serviceWithIamAnswering(int httpStatus, String errorCode) {
        status = httpStatus;
        code = errorCode;
        IamClient failing = IamClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + iam.getAddress().getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        return new PreflightService(new PreflightConfig(PreflightServiceTest.DATABRICKS_ACCOUNT_ID, "414351767826"), (account, region) -> {
            AccountClients m = AccountClients.of(moto.awsSettings(), region);
            return new AccountClients(failing, m.s3(), m.kms(), m.ec2());
        });
    }

    static WorkspaceRequest prepared() {
        ObjectNode detail = AwsFixtures.prepare(moto, PreflightServiceTest.DATABRICKS_ACCOUNT_ID,
                (ObjectNode) SampleEvents.copy("workspace-request-minimal.json").path("detail"));
        return Json.convert(detail, WorkspaceRequest.class).withDefaults();
    }

    @Test
    void check_iamThrottling_isTransient() {
        PreflightService service = serviceWithIamAnswering(400, "Throttling");

        assertThatThrownBy(() -> service.check(prepared())).isInstanceOf(TransientException.class)
                .hasMessageContaining("iam:GetRole failed for now (Throttling");
    }

    @Test
    void check_iamServiceUnavailable_isTransient() {
        PreflightService service = serviceWithIamAnswering(503, "ServiceUnavailable");

        assertThatThrownBy(() -> service.check(prepared())).isInstanceOf(TransientException.class);
    }

    @Test
    void check_iamAccessDenied_isAProblemNamingThePermission() {
        WorkspaceRequest request = prepared();
        PreflightService service = serviceWithIamAnswering(403, "AccessDenied");

        assertThatThrownBy(() -> service.check(request)).isInstanceOf(PreconditionFailedException.class)
                .hasMessageContaining("found 1 problem(s)")
                .hasMessageContaining("role " + request.crossAccountRoleArn() + ": the control plane may not read it (AccessDenied: "
                        + "AccessDenied from the test server); allow iam:GetRole to the role the control plane uses in this account");
    }

    @Test
    void isTransient_connectionRefused_isTransient() {
        assertThat(AwsCalls.isTransient(software.amazon.awssdk.core.exception.SdkClientException.create("x", new java.net.ConnectException("refused"))))
                .isTrue();
        assertThat(AwsCalls.isTransient(software.amazon.awssdk.core.exception.SdkClientException.create("no credentials"))).isFalse();
    }
}
