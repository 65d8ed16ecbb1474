package io.dbxcp.workspace.configure;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.OutputStreamAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Captures what a function writes to standard output, where Lambda takes its logs from: every
 * log event (in the Powertools JSON layout of the project's configuration), through an extra
 * appender on every logger, and anything printed to {@code System.out} directly (metrics in EMF).
 * An extra appender is needed because Log4j's console appender keeps the stream it started with.
 * The project's loggers and the Databricks SDK's are turned to DEBUG meanwhile: the SDK then logs
 * each request and response body.
 */
final class LogCapture implements AutoCloseable {
    private final PrintStream original = System.out;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final Appender appender;
    private final List<LoggerConfig> attached = new ArrayList<>();

    private LogCapture() {
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (printed) {
                    printed.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (printed) {
                    printed.write(b, off, len);
                }
                original.write(b, off, len);
            }
        };
        System.setOut(new PrintStream(tee, true, StandardCharsets.UTF_8));
        Configurator.setLevel("io.dbxcp", Level.DEBUG);
        Configurator.setLevel("com.databricks", Level.DEBUG);
        LoggerContext context = context();
        Configuration config = context.getConfiguration();
        Appender console = config.getAppender("JsonAppender");
        Layout<?> layout = console != null ? console.getLayout() : PatternLayout.createDefaultLayout(config);
        appender = OutputStreamAppender.newBuilder().setName("dbxcp-test-capture").setTarget(logged).setLayout(layout).build();
        appender.start();
        config.addAppender(appender);
        List<LoggerConfig> loggers = new ArrayList<>(config.getLoggers().values());
        if (!loggers.contains(config.getRootLogger())) loggers.add(config.getRootLogger());
        for (LoggerConfig l : loggers) {
            l.addAppender(appender, null, null);
            attached.add(l);
        }
        context.updateLoggers();
    }

    static LogCapture start() {
        return new LogCapture();
    }

    /** Every line written so far: log events and direct prints. */
    List<String> lines() {
        System.out.flush();
        List<String> all = new ArrayList<>();
        for (ByteArrayOutputStream b : List.of(logged, printed)) {
            synchronized (b) {
                Arrays.stream(b.toString(StandardCharsets.UTF_8).split("\n")).filter(l -> !l.isBlank()).forEach(all::add);
            }
        }
        return all;
    }

    @Override
    public void close() {
        System.setOut(original);
        attached.forEach(l -> l.removeAppender(appender.getName()));
        appender.stop();
        context().reconfigure(); // back to the configured levels
    }

    private static LoggerContext context() {
        return (LoggerContext) LogManager.getContext(false);
    }
}
