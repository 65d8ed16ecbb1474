package io.dbxcp.testsupport;

import io.dbxcp.common.aws.AwsSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * moto's standalone server, from the project's Python environment ({@code .venv}, made by the test
 * command), on a free loopback port: one per test JVM, stopped when the JVM exits. Register with
 * {@code @RegisterExtension static MotoServer moto = MotoServer.shared();}.
 */
public final class MotoServer implements BeforeAllCallback {
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT = "123456789012"; // moto's default account

    private static MotoServer shared;

    private final Process process;
    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private MotoServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    public static synchronized MotoServer shared() {
        if (shared == null) shared = start();
        return shared;
    }

    private static MotoServer start() {
        Path server = ProjectRoot.resolve(".venv/bin/moto_server");
        if (!Files.isExecutable(server)) {
            throw new IllegalStateException(server + " is missing: run the project's test command (scripts/test), which sets up .venv");
        }
        int port = freePort();
        try {
            Path log = Files.createTempFile("moto-", ".log");
            Process p = new ProcessBuilder(server.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            MotoServer moto = new MotoServer(p, URI.create("http://127.0.0.1:" + port));
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroy));
            moto.awaitReady(log);
            return moto;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start moto_server", e);
        }
    }

    private void awaitReady(Path log) throws IOException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) throw new IllegalStateException("moto_server exited: " + Files.readString(log));
            try {
                http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).GET().build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                pause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("moto_server did not answer within 60 s");
    }

    private static void pause() {
        try {
            Thread.sleep(100); // polling a starting process, bounded by the deadline above
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // started in shared(); nothing per class
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Settings that point the project's AWS clients at this server. */
    public AwsSettings awsSettings() {
        return new AwsSettings(Region.of(REGION), endpoint,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")), Duration.ofSeconds(10));
    }

    /** The environment a function would get to reach this server. */
    public java.util.Map<String, String> environment() {
        return java.util.Map.of("AWS_REGION", REGION, "AWS_ENDPOINT_URL", endpoint.toString(),
                "AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing");
    }

    /** Forgets every resource (moto's reset API). */
    public void reset() {
        try {
            http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/reset")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
