package io.dbxcp.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.dbxcp.local.events.EventRouting;
import io.dbxcp.local.offline.OfflineBackends;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code scripts/run <workflow|path/to/x.asl.json> [event-or-input.json] [options]}: runs one workflow locally and
 * prints its progress, output and history file. Exit code 0 when the execution succeeds, 1 when it fails (or the
 * intake rejects the event, or --check finds problems), 2 when it cannot run.
 */
public final class Main {

    static final String USAGE = """
            usage: scripts/run <workflow | path/to/definition.asl.json> [event-or-input.json | '{json}'] [options]
                   scripts/run <event.json> [options]        the event names its workflow (through the intake)
                   scripts/run --list | --check [workflow]

            Runs a state machine of statemachines/ on the ASL engine (aws-local-stepfunctions) with every Lambda
            Task executed by its handler class, in this JVM. An input file with a "detail-type" is an EventBridge
            event: it goes through the intake's routing first, as when deployed.

            options:
              --wait-scale <f>     multiply Wait states and retry pauses by f (default 1: real time; 0.01: 30 s -> 0.3 s)
              --fast-waits         the same as --wait-scale 0
              --name <name>        the execution name (default: from the event, else random)
              --input '<json>'     the input as inline JSON
              --value <Key=Value>  a local value for a template reference (!Ref Key, !GetAtt Res.Attr); repeatable
              --history-dir <dir>  where the history file goes (default local-runs/)
              --template <file>    the SAM template (default template.yaml)
              --check              check instead of run: substitutions, handler classes, ErrorEquals, ASL
              --list               list the workflows of the template
              --quiet              print only the result
              -h, --help           this text

            environment:
              DBXCP_TARGET=offline (default)  start moto (.venv) and the Databricks emulator on free ports; point the
                                              handlers at them
              DBXCP_TARGET=real               start nothing: the handlers use DATABRICKS_HOST, DATABRICKS_ACCOUNT_ID,
                                              DATABRICKS_CLIENT_ID, DATABRICKS_CLIENT_SECRET and the usual AWS_*
                                              variables / profile of this shell
            """;

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err, System.getenv());
        System.exit(code);
    }

    /** Runs the command line; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (o.help) {
            out.println(USAGE);
            return 0;
        }
        try {
            return execute(o, out, err, env);
        } catch (LocalRunnerException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
    }

    private static int execute(Options o, PrintStream out, PrintStream err, Map<String, String> env) {
        Path root = ProjectRoot.find();
        boolean real = "real".equalsIgnoreCase(env.getOrDefault("DBXCP_TARGET", "offline"));
        LocalRunner.Builder builder = LocalRunner.builder()
                .projectRoot(root)
                .waitScale(o.waitScale)
                .localValues(o.values)
                .progress(o.quiet ? null : out);
        if (o.template != null) {
            builder.template(Path.of(o.template));
        }
        if (o.historyDir != null) {
            builder.historyDir(Path.of(o.historyDir));
        }

        if (o.list) {
            try (LocalRunner runner = builder.quiet().build()) {
                runner.workflows().forEach(out::println);
                return 0;
            }
        }
        if (o.check) {
            try (LocalRunner runner = builder.quiet().build()) {
                List<String> workflows = o.workflow != null ? List.of(o.workflow) : runner.workflows();
                boolean clean = true;
                for (String w : workflows) {
                    List<String> problems = runner.check(w);
                    out.println((problems.isEmpty() ? "ok      " : "PROBLEM ") + w);
                    problems.forEach(p -> out.println("        - " + p));
                    clean &= problems.isEmpty();
                }
                return clean ? 0 : 1;
            }
        }

        // What to run, with which input.
        String workflow = o.workflow;
        JsonNode input = o.inlineInput != null ? parse(o.inlineInput, "--input") : null;
        if (o.inputFile != null) {
            input = readJson(o.inputFile);
        } else if (input == null && workflow.endsWith(".json") && !isDefinition(workflow)) {
            // scripts/run events/x.json: the event names its workflow
            input = readJson(workflow);
            workflow = null;
        }

        OfflineBackends offline = null;
        if (real) {
            describeRealTarget(out, env);
            builder.environment(realEnvironment(env));
        } else {
            offline = OfflineBackends.start(root, o.quiet ? nullStream() : out);
            builder.environment(offline.environment());
        }
        try (LocalRunner runner = builder.build()) {
            String name = o.name;
            if (input != null && EventRouting.isEvent(input)) {
                EventRouting.Routed routed;
                try {
                    routed = runner.eventRouting().route(input);
                } catch (EventRouting.Rejected e) {
                    err.println(e.getMessage());
                    e.violations().forEach(v -> err.println("  - " + v));
                    return 1;
                }
                if (workflow != null && !sameWorkflow(runner, workflow, routed.workflow())) {
                    throw new LocalRunnerException("this event starts " + routed.workflow() + ", not " + workflow);
                }
                if (!o.quiet) {
                    out.println("event routed by the intake to " + routed.workflow() + " (execution "
                            + routed.executionName() + ")");
                }
                workflow = routed.workflow();
                name = name != null ? name : routed.executionName();
                input = routed.input();
            }
            if (workflow == null) {
                throw new LocalRunnerException("this file is neither an EventBridge event nor a definition: "
                        + o.workflow);
            }
            if (offline != null) {
                offline.prepare(runner, workflow, input == null ? Json.object() : input);
            }
            Execution ex = runner.run(workflow, input, name);
            if (o.quiet) {
                if (ex.succeeded()) {
                    out.println(Json.pretty(ex.output()));
                } else {
                    out.println(ex.status() + " " + ex.error() + ": " + ex.cause());
                }
            }
            return ex.succeeded() ? 0 : 1;
        } finally {
            if (offline != null) {
                offline.close();
            }
        }
    }

    private static boolean sameWorkflow(LocalRunner runner, String given, String routed) {
        var a = runner.resolve(given).stateMachine();
        var b = runner.resolve(routed).stateMachine();
        return a != null && b != null ? a.logicalId().equals(b.logicalId()) : given.equals(routed);
    }

    private static boolean isDefinition(String file) {
        JsonNode json = readJson(file);
        return json.has("StartAt") && json.has("States");
    }

    /**
     * In real mode the shell's DATABRICKS_* and AWS_* variables win over the template's values for every handler
     * (and configure the EventBridge client); they are handed over in memory, never printed.
     */
    private static Map<String, String> realEnvironment(Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("DATABRICKS_") || k.startsWith("AWS_")) {
                out.put(k, v);
            }
        });
        if (!out.containsKey("AWS_REGION") && out.containsKey("AWS_DEFAULT_REGION")) {
            out.put("AWS_REGION", out.get("AWS_DEFAULT_REGION"));
        }
        return out;
    }

    private static void describeRealTarget(PrintStream out, Map<String, String> env) {
        StringBuilder b = new StringBuilder("real target (DBXCP_TARGET=real): no emulator, no moto. ");
        b.append("DATABRICKS_HOST=").append(env.getOrDefault("DATABRICKS_HOST", "(unset)"));
        for (String v : List.of("DATABRICKS_ACCOUNT_ID", "DATABRICKS_CLIENT_ID", "DATABRICKS_CLIENT_SECRET",
                "AWS_REGION", "AWS_PROFILE", "AWS_ACCESS_KEY_ID")) {
            b.append(", ").append(v).append(env.containsKey(v) ? " set" : " unset");
        }
        out.println(b);
    }

    private static JsonNode readJson(String file) {
        Path path = Path.of(file);
        if (!path.isAbsolute() && !Files.exists(path)) {
            path = ProjectRoot.find().resolve(file); // a path from the project root, run from elsewhere
        }
        try {
            return parse(Files.readString(path, StandardCharsets.UTF_8), file);
        } catch (IOException e) {
            throw new LocalRunnerException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(String text, String what) {
        try {
            return Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw new LocalRunnerException(what + " is not JSON: " + e.getMessage(), e);
        }
    }

    private static PrintStream nullStream() {
        return new PrintStream(java.io.OutputStream.nullOutputStream());
    }

    /** The parsed command line. */
    static final class Options {
        String workflow;
        String inputFile;
        String inlineInput;
        String name;
        String template;
        String historyDir;
        double waitScale = 1.0;
        boolean check;
        boolean list;
        boolean quiet;
        boolean help;
        final Map<String, String> values = new LinkedHashMap<>();

        static Options parse(String[] args) {
            Options o = new Options();
            List<String> positional = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "-h", "--help" -> o.help = true;
                    case "--fast-waits" -> o.waitScale = 0;
                    case "--wait-scale" -> o.waitScale = number(value(args, ++i, a), a);
                    case "--name" -> o.name = value(args, ++i, a);
                    case "--input" -> o.inlineInput = value(args, ++i, a);
                    case "--template" -> o.template = value(args, ++i, a);
                    case "--history-dir" -> o.historyDir = value(args, ++i, a);
                    case "--value" -> {
                        String kv = value(args, ++i, a);
                        int eq = kv.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--value wants Key=Value, got " + kv);
                        }
                        o.values.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                    case "--check" -> o.check = true;
                    case "--list" -> o.list = true;
                    case "--quiet" -> o.quiet = true;
                    default -> {
                        if (a.startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + a);
                        }
                        positional.add(a);
                    }
                }
            }
            if (positional.size() > 2) {
                throw new IllegalArgumentException("too many arguments: " + positional);
            }
            if (!positional.isEmpty()) {
                o.workflow = positional.get(0);
            }
            if (positional.size() == 2) {
                String second = positional.get(1);
                if (second.trim().startsWith("{") || second.trim().startsWith("[")) {
                    o.inlineInput = second;
                } else {
                    o.inputFile = second;
                }
            }
            if (!o.help && !o.list && !o.check && o.workflow == null) {
                throw new IllegalArgumentException("name a workflow, a definition file or an event file");
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static double number(String v, String option) {
            try {
                double d = Double.parseDouble(v);
                if (d < 0 || Double.isNaN(d)) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " wants a number >= 0, got " + v);
            }
        }
    }
}
