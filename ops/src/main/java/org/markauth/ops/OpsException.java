package org.markauth.ops;

/**
 * Base of every failure the ops tooling reports (schema migrations, local stack probes, bench).
 * Messages name the thing, the limit and what to do, so the CLI can print them as one line.
 */
public abstract class OpsException extends RuntimeException {
    protected OpsException(String message) {
        super(message);
    }

    protected OpsException(String message, Throwable cause) {
        super(message, cause);
    }
}
