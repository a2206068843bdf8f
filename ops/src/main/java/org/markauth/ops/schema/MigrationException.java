package org.markauth.ops.schema;

import org.markauth.ops.OpsException;

/** A migration could not be read, applied or recorded. */
public class MigrationException extends OpsException {
    public MigrationException(String message) {
        super(message);
    }

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
