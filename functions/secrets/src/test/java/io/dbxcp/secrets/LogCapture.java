package io.dbxcp.secrets;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.OutputStreamAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;

/**
 * Everything written to System.out and System.err while it is open, and every log event, written
 * with the layout of the Powertools JSON appender that Lambda sends to CloudWatch (Log4j's console
 * appender keeps the stream it was built with, so a second appender with the same layout is added
 * to the loggers instead of swapping its stream).
 */
public final class LogCapture implements AutoCloseable {
    private static final String NAME = "LogCapture";
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final Appender appender;

    public LogCapture() {
        PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        Configuration config = context.getConfiguration();
        Appender json = config.getAppender("JsonAppender");
        Layout<?> layout = json == null ? null : json.getLayout();
        appender = OutputStreamAppender.newBuilder().setName(NAME).setTarget(capture).setLayout(layout).build();
        appender.start();
        config.addAppender(appender);
        for (LoggerConfig logger : config.getLoggers().values()) logger.addAppender(appender, null, null);
        config.getRootLogger().addAppender(appender, null, null);
        context.updateLoggers();
    }

    public String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        Configuration config = context.getConfiguration();
        for (LoggerConfig logger : config.getLoggers().values()) logger.removeAppender(NAME);
        config.getRootLogger().removeAppender(NAME);
        context.updateLoggers();
        appender.stop();
        System.setOut(out);
        System.setErr(err);
        out.print(text()); // still in the test's report
    }
}
