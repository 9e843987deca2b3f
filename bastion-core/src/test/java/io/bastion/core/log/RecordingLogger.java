package io.bastion.core.log;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** A logger that keeps its lines ({@code LEVEL message}) and their throwables, for tests of what is logged. */
public final class RecordingLogger extends LegacyAbstractLogger {
    public final List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
    public final List<Throwable> throwables = new ArrayList<>();
    private final Level threshold;

    public RecordingLogger(Level threshold) {
        this.threshold = threshold;
        this.name = "test";
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
                                               Throwable t) {
        lines.add(level + " " + MessageFormatter.basicArrayFormat(pattern, args));
        if (t != null) {
            throwables.add(t);
        }
    }

    private boolean on(Level l) {
        return l.toInt() >= threshold.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
        return on(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return on(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return on(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return on(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return on(Level.ERROR);
    }
}
