package io.dbxcp.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.common.json.Json;
import io.dbxcp.local.LocalRunner;
import io.dbxcp.local.ProjectRoot;
import io.dbxcp.local.offline.OfflineBackends;
import io.dbxcp.local.template.FunctionSpec;
import io.dbxcp.local.template.TemplateBindings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Cold start per function, side by side with a hello-world handler, in the same run: for each
 * function of template.yaml, a fresh JVM with Lambda's flags (tiered compilation stopped at C1)
 * builds the handler from its deployment artifact and invokes it once with the payload it received
 * in a real run of its workflow, or the event its AWS caller sends ({@link PayloadCapture}), against
 * the Databricks emulator and moto. Prints medians and spreads, the ratio to the hello-world
 * handler, artifact sizes and classes loaded, and writes the table into docs/performance.md.
 * Usage: scripts/bench [--runs N] [--only REGEX] (--only measures the functions whose logical id
 * matches, and leaves docs/performance.md as it is)
 */
public final class ColdStartBenchmark {
    static final List<String> JVM_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-Xshare:auto");

    record Sample(long constructedMs, long invokedMs, String outcome, int classes, long primedMs) {
        /** The invocation's own time: after the handler was built, or after it was primed. */
        long invocationMs() {
            return invokedMs - (primedMs >= 0 ? primedMs : constructedMs);
        }
    }

    record Row(String function, String module, long jarBytes, List<Sample> samples, List<Sample> primed) {
        Row(String function, String module, long jarBytes, List<Sample> samples) {
            this(function, module, jarBytes, samples, new ArrayList<>());
        }

        long medianInvocation(List<Sample> of) {
            List<Long> v = of.stream().map(Sample::invocationMs).sorted().toList();
            return v.isEmpty() ? -1 : v.get(v.size() / 2);
        }

        long median(boolean total) {
            List<Long> v = samples.stream().map(s -> total ? s.invokedMs() : s.constructedMs()).sorted().toList();
            return v.get(v.size() / 2);
        }

        long min() {
            return samples.stream().mapToLong(Sample::invokedMs).min().orElse(0);
        }

        long max() {
            return samples.stream().mapToLong(Sample::invokedMs).max().orElse(0);
        }
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            measure(args);
        } catch (Exception e) {
            e.printStackTrace();
            status = 1;
        }
        // The handlers of the captured runs ran in this JVM, and some leave threads behind (an EMF sink retrying).
        System.exit(status);
    }

    static void measure(String[] args) throws Exception {
        int runs = 5;
        String only = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (args[i].equals("--runs")) runs = Integer.parseInt(args[i + 1]);
            if (args[i].equals("--only")) only = args[i + 1];
        }
        Path root = ProjectRoot.find();
        Path work = Files.createTempDirectory("dbxcp-bench");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (OfflineBackends offline = OfflineBackends.start(root, quiet, emu -> emu.provisioningTime(Duration.ofMillis(300)));
             LocalRunner runner = LocalRunner.builder().projectRoot(root).environment(offline.environment())
                     .waitScale(0.02).historyDir(work).quiet().build()) {
            PrintStream out = System.out;
            System.setOut(quiet); // the handlers of the captured runs log to stdout
            PayloadCapture payloads;
            try {
                payloads = PayloadCapture.capture(root, offline, runner);
            } finally {
                System.setOut(out);
            }
            Path benchJar = Path.of(ColdStartBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path lambdaCore = Path.of(com.amazonaws.services.lambda.runtime.Context.class.getProtectionDomain().getCodeSource().getLocation().toURI());

            List<Row> rows = new ArrayList<>();
            Path helloPayload = write(work, "hello", Json.read("{\"hello\":\"world\"}"));
            Row hello = new Row("hello-world (baseline)", "bench", Files.size(lambdaCore), new ArrayList<>());
            Map<String, FunctionSpec> functions = runner.bindings().functions();
            List<String> missing = functions.keySet().stream().filter(f -> payloads.payload(f) == null).toList();
            if (!missing.isEmpty()) System.err.println("no payload captured for " + missing + ": not measured");
            for (String id : payloads.functions()) {
                if (only != null && !id.matches(only)) continue;
                FunctionSpec fn = functions.get(id);
                String[] artifact = artifactOf(root, id);
                String module = artifact[0].substring(artifact[0].lastIndexOf('/') + 1) + (artifact[1].equals("lambda") ? "" : " (" + artifact[1] + ")");
                Path jar = lambdaJar(root, artifact[0], artifact[1]);
                Map<String, String> env = environment(runner.bindings(), fn, offline);
                Path file = write(work, id, payloads.payload(id));
                payloads.prepare(id);
                Row row = new Row(id, module, Files.size(jar), new ArrayList<>());
                for (int i = 0; i < runs; i++) {
                    // alternate, so that both see the same machine load
                    hello.samples().add(probe(List.of(benchJar, lambdaCore), HelloHandler.class.getName(), helloPayload, env, false));
                    row.samples().add(probe(List.of(jar, benchJar), fn.handlerClass(), file, env, false));
                    row.primed().add(probe(List.of(jar, benchJar), fn.handlerClass(), file, env, true));
                }
                rows.add(row);
                System.err.printf("%-40s median %5d ms (hello %d ms) %s%n", id, row.median(true), hello.median(true), row.samples().get(0).outcome());
            }
            if (rows.isEmpty()) return;
            // template order: each workflow's functions together
            List<String> order = List.copyOf(functions.keySet());
            rows.sort(Comparator.comparingInt(r -> order.indexOf(r.function())));
            String table = table(hello, rows, runs);
            System.out.println(table);
            if (only == null) record(root.resolve("docs/performance.md"), table);
        }
    }

    static Map<String, String> environment(TemplateBindings bindings, FunctionSpec fn, OfflineBackends offline) {
        Map<String, String> env = new HashMap<>(bindings.environment(fn).variables());
        env.putAll(offline.environment());
        env.put("AWS_LAMBDA_FUNCTION_NAME", fn.logicalId());
        env.put("AWS_EMF_ENVIRONMENT", "Local");
        env.remove("JAVA_TOOL_OPTIONS"); // the flags are given on the command line
        return env;
    }

    /** The module folder and classifier the Makefile builds a function's artifact from: what SAM deploys. */
    static String[] artifactOf(Path root, String logicalId) throws IOException {
        List<String> lines = Files.readAllLines(root.resolve("Makefile"));
        for (int i = 0; i < lines.size() - 1; i++) {
            if (lines.get(i).startsWith("build-" + logicalId + ":")) {
                String[] words = lines.get(i + 1).trim().split("\\s+");
                return new String[] {words[1], words.length > 3 ? words[3] : "lambda"};
            }
        }
        throw new IllegalStateException("no build-" + logicalId + " target in the Makefile");
    }

    static Path lambdaJar(Path root, String module, String classifier) throws IOException {
        try (Stream<Path> files = Files.list(root.resolve(module).resolve("target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-" + classifier + ".jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + classifier + " artifact in " + module + "/target: run scripts/bench, which builds it"));
        }
    }

    static Sample probe(List<Path> classpath, String handler, Path payload, Map<String, String> env, boolean prime) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_FLAGS);
        cmd.add("-cp");
        cmd.add(String.join(java.io.File.pathSeparator, classpath.stream().map(Path::toString).toList()));
        cmd.add(Probe.class.getName());
        cmd.add(handler);
        cmd.add(payload.toString());
        if (prime) cmd.add("--prime");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().putAll(env);
        long start = System.nanoTime();
        Process p = pb.start();
        long constructed = -1;
        long invoked = -1;
        long primed = -1;
        String outcome = "no answer";
        int classes = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            java.util.ArrayDeque<String> tail = new java.util.ArrayDeque<>(); // what the JVM printed last, for a run with no answer
            while ((line = r.readLine()) != null) {
                if (!line.startsWith("@@PROBE")) {
                    tail.addLast(line);
                    if (tail.size() > 20) tail.removeFirst();
                }
                if (line.startsWith("@@PROBE constructed")) constructed = (System.nanoTime() - start) / 1_000_000;
                if (line.startsWith("@@PROBE primed")) primed = (System.nanoTime() - start) / 1_000_000;
                if (line.startsWith("@@PROBE invoked")) {
                    invoked = (System.nanoTime() - start) / 1_000_000;
                    String[] parts = line.split(" ");
                    outcome = parts[2];
                    classes = Integer.parseInt(parts[3].substring("classes=".length()));
                }
            }
            if (invoked < 0) System.err.println(handler + ": no answer (exit " + p.waitFor() + "):\n  " + String.join("\n  ", tail));
        }
        p.waitFor();
        return new Sample(constructed, invoked, outcome, classes, primed);
    }

    static Path write(Path dir, String name, JsonNode payload) throws IOException {
        Path f = dir.resolve(name + ".json");
        Files.writeString(f, Json.write(payload));
        return f;
    }

    static String table(Row hello, List<Row> rows, int runs) {
        StringBuilder sb = new StringBuilder();
        long base = hello.median(true);
        sb.append(String.format("Machine: %d cores, Java %s, flags %s; %d fresh JVMs per function, alternating with the baseline.%n%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), String.join(" ", JVM_FLAGS), runs));
        sb.append("| function | module | artifact | classes loaded | handler built (median) | first invoke done (median, min-max) | ratio to hello-world | first invocation alone | after priming | outcome |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
        sb.append(String.format("| %s | %s | %.1f MB | %d | %d ms | %d ms (%d-%d) | 1.00x | %d ms | - | %s |%n", hello.function(), hello.module(),
                hello.jarBytes() / 1e6, hello.samples().get(0).classes(), hello.median(false), base, hello.min(), hello.max(),
                hello.medianInvocation(hello.samples()), hello.samples().get(0).outcome()));
        for (Row r : rows) {
            sb.append(String.format("| %s | %s | %.1f MB | %d | %d ms | %d ms (%d-%d) | %.2fx | %d ms | %d ms | %s |%n", r.function(), r.module(),
                    r.jarBytes() / 1e6, r.samples().get(0).classes(), r.median(false), r.median(true), r.min(), r.max(),
                    (double) r.median(true) / base, r.medianInvocation(r.samples()), r.medianInvocation(r.primed()),
                    r.samples().get(r.samples().size() - 1).outcome()));
        }
        return sb.toString();
    }

    static void record(Path doc, String table) throws IOException {
        String begin = "<!-- cold-start:begin -->";
        String end = "<!-- cold-start:end -->";
        String text = Files.exists(doc) ? Files.readString(doc) : "";
        int i = text.indexOf(begin);
        int j = text.indexOf(end);
        if (i < 0 || j < 0) return;
        Files.writeString(doc, text.substring(0, i + begin.length()) + "\n" + table + text.substring(j));
    }
}
