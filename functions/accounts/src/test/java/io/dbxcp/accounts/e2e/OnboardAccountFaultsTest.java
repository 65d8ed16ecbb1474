package io.dbxcp.accounts.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.AccountClient;
import com.databricks.sdk.service.provisioning.CreateCredentialAwsCredentials;
import com.databricks.sdk.service.provisioning.CreateCredentialRequest;
import com.databricks.sdk.service.provisioning.CreateCredentialStsRole;
import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.emulator.http.Faults;
import io.dbxcp.emulator.http.RequestLog;
import io.dbxcp.local.Execution;
import io.dbxcp.local.LocalRunner;
import io.dbxcp.local.events.EventRouting;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * onboard-account under Databricks faults, end to end (Control Tower's sample event, the real state
 * machine and handlers, moto and the emulator): a storm of 429s with Retry-After, 503s past the
 * SDK's retries, a 500, an answer slower than the handlers' HTTP timeout (2 s here, as a deployment
 * sets it below the Lambda timeout) and answers lost after Databricks did the work, on the account
 * objects the workflow registers (credentials, storage configurations, log delivery), and a
 * credentials name taken by another role. Each test checks the outcome and the Databricks account:
 * one object of each name, nothing more.
 */
class OnboardAccountFaultsTest {
    private static final String CREDENTIALS = "/api/2.0/accounts/*/credentials";
    private static final String STORAGE = "/api/2.0/accounts/*/storage-configurations";
    private static final String LOG_DELIVERY = "/api/2.0/accounts/*/log-delivery";
    static OnboardingHarness h;
    static LocalRunner runner;

    @BeforeAll
    static void start() {
        h = OnboardingHarness.start();
        runner = h.runner(0.02, Map.of(), Map.of("DATABRICKS_HTTP_TIMEOUT_SECONDS", "2"));
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @BeforeEach
    void clean() {
        h.emulator().reset(); // a fresh Databricks account each test: account-level log deliveries are limited to 2 per log type
        h.events();
    }

    Execution onboard(String account) {
        EventRouting.Routed routed = h.route(runner, OnboardingHarness.controlTowerEvent(account), true);
        return h.run(runner, routed, "");
    }

    /** The objects of the Databricks account of one kind ({@code credentials}, {@code storage_configurations}, {@code log_delivery}) named so. */
    static List<JsonNode> named(String kind, String field, String name) {
        return StreamSupport.stream(h.emulator().state().path(kind).spliterator(), false)
                .filter(o -> name.equals(o.path(field).asText())).toList();
    }

    /** Onboarded and announced, with one object of each name the workflow registers in Databricks. */
    static void assertOnboardedWithOneOfEach(Execution ex, String account) {
        assertThat(ex.status()).as(ex.error() + " " + ex.cause()).isEqualTo("SUCCEEDED");
        assertThat(h.events("Account Onboarded")).hasSize(1);
        String prefix = "dbxcp-" + account;
        for (String name : List.of(prefix + "-credentials", prefix + "-log-delivery-credentials")) {
            assertThat(named("credentials", "credentials_name", name)).as(name).hasSize(1);
        }
        for (String name : List.of(prefix + "-storage", prefix + "-log-delivery-storage")) {
            assertThat(named("storage_configurations", "storage_configuration_name", name)).as(name).hasSize(1);
        }
        for (String name : List.of(prefix + "-billable-usage", prefix + "-audit-logs")) {
            assertThat(named("log_delivery", "config_name", name)).as(name).hasSize(1);
        }
        assertThat(h.emulator().state().path("credentials")).as("nothing else").hasSize(2);
        assertThat(h.emulator().state().path("storage_configurations")).as("nothing else").hasSize(2);
        assertThat(h.emulator().state().path("log_delivery")).as("nothing else").hasSize(2);
    }

    static List<RequestLog.Entry> posts(String pathEnd) {
        return h.emulator().requests().stream().filter(r -> r.method().equals("POST") && r.path().endsWith(pathEnd)).toList();
    }

    @Test
    void throttlingStormWithRetryAfter_onTheCredentialsCreate_isWaitedOut_andRegistersOneCredentials() {
        String account = "220000000001";
        // 3 answers 429 with Retry-After: 2 s: the SDK waits as told and its 4th attempt passes
        h.emulator().faults().add(Faults.Rule.error("POST", CREDENTIALS, 3, 429, "REQUEST_LIMIT_EXCEEDED", "slow down").withRetryAfter(2));

        Execution ex = onboard(account);

        assertOnboardedWithOneOfEach(ex, account);
        List<RequestLog.Entry> attempts = posts("/credentials").subList(0, 4);
        assertThat(attempts).extracting(RequestLog.Entry::status).containsExactly(429, 429, 429, 200);
        for (int i = 1; i < attempts.size(); i++) { // as told, not the SDK's own backoff (1 s, 2 s, 4 s, plus up to 0.75 s)
            Duration gap = Duration.between(Instant.parse(attempts.get(i - 1).time()), Instant.parse(attempts.get(i).time()));
            assertThat(gap).as("wait before attempt %d", i + 1).isBetween(Duration.ofMillis(1900), Duration.ofMillis(3500));
        }
        assertThat(ex.events("StateRetried", "RegisterCredentials")).as("the SDK waited it out").isEmpty();
    }

    @Test
    void serviceUnavailablePastTheSdksRetries_onTheStorageConfigurationCreate_isRetriedByTheStateMachine_andRegistersOneConfiguration() {
        String account = "220000000002";
        // 6 answers 503: the SDK's 4 attempts (Retry-After 0 keeps its waits short), then the state machine's retry meets 2 more
        h.emulator().faults().add(Faults.Rule.error("POST", STORAGE, 6, 503, "TEMPORARILY_UNAVAILABLE", "try later").withRetryAfter(0));

        Execution ex = onboard(account);

        assertOnboardedWithOneOfEach(ex, account);
        assertThat(ex.events("TaskFailed", "RegisterStorage")).singleElement()
                .satisfies(e -> assertThat(e.error()).isEqualTo("io.dbxcp.common.errors.TransientException"));
        assertThat(ex.events("StateRetried", "RegisterStorage")).hasSize(1);
        assertThat(ex.output().at("/databricks/storageConfiguration/created").asBoolean()).isTrue();
    }

    @Test
    void internalErrorOnTheLogDeliveryCreate_isRetriedByTheStateMachine_andMakesOneConfigurationPerLogType() {
        String account = "220000000003";
        h.emulator().faults().add(Faults.Rule.error("POST", LOG_DELIVERY, 1, 500, "INTERNAL_ERROR", "try again"));

        Execution ex = onboard(account);

        assertOnboardedWithOneOfEach(ex, account);
        assertThat(ex.events("StateRetried", "ConfigureLogDelivery")).hasSize(1);
        assertThat(ex.output().at("/databricks/logDelivery/deliveries")).extracting(d -> d.path("outcome").asText()).containsOnly("CREATED");
    }

    @Test
    void answerSlowerThanTheClientTimeout_onTheCredentialsCreate_isGivenUpAndRetried_andTheLateCreateFindsTheNameTaken() {
        String account = "220000000004";
        // the first credentials create is served after 3 s; the handler gives up after 2 s and the step is retried
        h.emulator().faults().add(Faults.Rule.latency("POST", CREDENTIALS, 1, 3000));
        // a later read answers after 1.5 s (within the timeout), so the run outlasts the late create
        h.emulator().faults().add(Faults.Rule.latency("GET", LOG_DELIVERY, 1, 1500));

        Execution ex = onboard(account);

        assertOnboardedWithOneOfEach(ex, account);
        assertThat(ex.events("TaskFailed", "RegisterCredentials")).singleElement().satisfies(e -> {
            assertThat(e.error()).isEqualTo("io.dbxcp.common.errors.TransientException");
            assertThat(e.cause()).contains("timed out");
        });
        // the retry made the credentials (and the step after it the log delivery's); the create given up on was served
        // later and met the name taken
        assertThat(posts("/credentials")).extracting(RequestLog.Entry::status).containsExactlyInAnyOrder(200, 200, 409);
    }

    @Test
    void createsWhoseAnswersWereLostAfterDatabricksMadeTheObjects_findTheirObjectsAndMakeNoSecond() {
        String account = "220000000005";
        // Databricks makes the object, the answer is lost (503), the SDK posts again and meets "already exists"
        for (String path : List.of(CREDENTIALS, STORAGE, LOG_DELIVERY)) {
            h.emulator().faults().add(Faults.Rule.error("POST", path, 1, 503, "TEMPORARILY_UNAVAILABLE", "lost").withRetryAfter(0).servedFirst());
        }

        Execution ex = onboard(account);

        assertOnboardedWithOneOfEach(ex, account);
        assertThat(posts("/credentials").subList(0, 2)).extracting(RequestLog.Entry::status).containsExactly(503, 409);
        assertThat(posts("/storage-configurations").subList(0, 2)).extracting(RequestLog.Entry::status).containsExactly(503, 409);
        assertThat(posts("/log-delivery").subList(0, 2)).extracting(RequestLog.Entry::status).containsExactly(503, 409);
        assertThat(ex.output().at("/databricks/logDelivery/deliveries")).extracting(d -> d.path("outcome").asText())
                .as("the configuration the lost answer was about is this request's").containsExactly("CREATED", "CREATED");
    }

    @Test
    void credentialsNameTakenByAnotherRole_endsInTheFailureEventNamingBothRoles_andTheirCredentialsAreKept() {
        String account = "220000000006";
        String theirs = "arn:aws:iam::" + account + ":role/someone-elses-role";
        AccountClient admin = io.dbxcp.local.offline.aws.KeyFixtures.accountClient(h.emulator());
        String id = admin.credentials().create(new CreateCredentialRequest().setCredentialsName("dbxcp-" + account + "-credentials")
                .setAwsCredentials(new CreateCredentialAwsCredentials().setStsRole(new CreateCredentialStsRole().setRoleArn(theirs))))
                .getCredentialsId();

        Execution ex = onboard(account);

        assertThat(ex.status()).isEqualTo("FAILED");
        assertThat(ex.error()).isEqualTo("AccountOnboardingFailed");
        assertThat(h.events("Account Onboarding Failed")).singleElement().satisfies(e -> {
            assertThat(e.at("/detail/failedStep").asText()).isEqualTo("RegisterCredentials");
            assertThat(e.at("/detail/error").asText()).isEqualTo("io.dbxcp.common.errors.ResourceConflictException");
            assertThat(e.at("/detail/cause").asText()).contains(theirs, "arn:aws:iam::" + account + ":role/dbxcp-cross-account");
        });
        assertThat(named("credentials", "credentials_name", "dbxcp-" + account + "-credentials")).singleElement()
                .satisfies(c -> {
                    assertThat(c.path("credentials_id").asText()).isEqualTo(id);
                    assertThat(c.at("/aws_credentials/sts_role/role_arn").asText()).isEqualTo(theirs);
                });
        assertThat(h.emulator().state().path("storage_configurations")).as("nothing registered after the conflict").isEmpty();
        assertThat(h.emulator().state().path("log_delivery")).isEmpty();
    }
}
