package io.dbxcp.bench;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs in a fresh JVM, as Lambda's runtime would: builds one handler with its no-arg constructor,
 * then invokes it once with a payload. Prints a marker line after each phase, so that the parent
 * process times them from the moment it launched the JVM. Usage: Probe <handler class> <payload file>
 */
public final class Probe {
    private Probe() {}

    public static void main(String[] args) throws Exception {
        byte[] payload = Files.readAllBytes(Path.of(args[1]));
        Object handler = Class.forName(args[0]).getDeclaredConstructor().newInstance();
        System.out.println("@@PROBE constructed");
        System.out.flush();
        if (args.length > 2 && args[2].equals("--prime")) {
            // what SnapStart runs before its snapshot: the handler's registered priming
            Object priming = handler.getClass().getMethod("priming").invoke(handler);
            priming.getClass().getMethod("prime").invoke(priming);
            System.out.println("@@PROBE primed");
            System.out.flush();
        }
        String outcome = "ok";
        try {
            ((RequestStreamHandler) handler).handleRequest(new ByteArrayInputStream(payload), new ByteArrayOutputStream(), new ProbeContext());
        } catch (Exception e) {
            outcome = e.getClass().getName();
        }
        System.out.println("@@PROBE invoked " + outcome + " classes=" + ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount());
        System.out.flush();
        System.exit(0);
    }

    static final class ProbeContext implements Context {
        @Override public String getAwsRequestId() { return "probe"; }
        @Override public String getLogGroupName() { return "probe"; }
        @Override public String getLogStreamName() { return "probe"; }
        @Override public String getFunctionName() { return System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "probe"); }
        @Override public String getFunctionVersion() { return "1"; }
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:123456789012:function:" + getFunctionName(); }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 60_000; }
        @Override public int getMemoryLimitInMB() { return 1024; }
        @Override public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override public void log(String message) { }
                @Override public void log(byte[] message) { }
            };
        }
    }
}
