package io.dbxcp.local.offline;

import io.dbxcp.local.LocalRunnerException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * moto's standalone server ({@code .venv/bin/moto_server} of the project's Python environment) on a free port of
 * 127.0.0.1: the AWS APIs offline. Started once, stopped with {@link #close()}.
 */
public final class MotoServer implements AutoCloseable {

    private static final Pattern RUNNING_ON = Pattern.compile("Running on (http://[0-9.]+:(\\d+))");

    private final Process process;
    private final String endpoint;
    private final Thread stopOnExit;

    private MotoServer(Process process, String endpoint) {
        this.process = process;
        this.endpoint = endpoint;
        // Ctrl-C or System.exit: do not leave moto behind
        this.stopOnExit = new Thread(this::stop, "dbxcp-moto-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /** Starts moto from the project's .venv on a free port and waits until it listens. */
    public static MotoServer start(Path projectRoot) {
        Path motoServer = projectRoot.resolve(".venv/bin/moto_server");
        if (!Files.isExecutable(motoServer)) {
            throw new LocalRunnerException("moto is not installed: " + motoServer + " is missing. Set up the"
                    + " project's .venv first: scripts/test and scripts/run do it before anything else, or run"
                    + " `bash -c 'source scripts/lib.sh && ensure_venv'` from the project root");
        }
        Process process;
        try {
            ProcessBuilder pb = new ProcessBuilder(List.of(motoServer.toString(), "-H", "127.0.0.1", "-p", "0"))
                    .redirectErrorStream(true);
            pb.environment().putAll(Map.of("PYTHONUNBUFFERED", "1"));
            process = pb.start();
        } catch (IOException e) {
            throw new LocalRunnerException("cannot start " + motoServer + ": " + e.getMessage(), e);
        }
        CompletableFuture<String> listening = new CompletableFuture<>();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (!listening.isDone()) {
                        output.append(line).append('\n');
                        Matcher m = RUNNING_ON.matcher(line);
                        if (m.find()) {
                            listening.complete(m.group(1));
                        }
                    }
                    // keep draining so moto never blocks on a full pipe
                }
            } catch (IOException e) {
                // process gone
            }
            listening.completeExceptionally(new LocalRunnerException("moto_server exited: " + output));
        }, "dbxcp-moto-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new MotoServer(process, listening.get(60, TimeUnit.SECONDS));
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new LocalRunnerException("moto_server did not start within 60 s: " + output);
        } catch (Exception e) {
            process.destroyForcibly();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new LocalRunnerException("moto_server did not start: " + cause.getMessage(), cause);
        }
    }

    /** {@code http://127.0.0.1:<port>}: the AWS_ENDPOINT_URL for every client. */
    public String endpoint() {
        return endpoint;
    }

    /** The environment that points the AWS SDK at this server, with moto's test credentials. */
    public Map<String, String> environment(String region) {
        return Map.of(
                "AWS_ENDPOINT_URL", endpoint,
                "AWS_REGION", region,
                "AWS_DEFAULT_REGION", region,
                "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test");
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException e) {
            // shutting down: the hook runs stop()
        }
        stop();
    }

    private void stop() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
