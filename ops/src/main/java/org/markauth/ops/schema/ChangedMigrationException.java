package org.markauth.ops.schema;

/**
 * A migration file that was already applied to the keyspace has been edited since: the runner refuses
 * to continue, because the keyspace no longer matches what the files say. Add a new version instead.
 */
public final class ChangedMigrationException extends MigrationException {
    private final int version;

    public ChangedMigrationException(int version, String file, String appliedChecksum, String currentChecksum, String keyspace) {
        super("migration " + file + " was changed after it was applied to keyspace " + keyspace
                + " (applied checksum " + appliedChecksum.substring(0, 12) + "…, now " + currentChecksum.substring(0, 12)
                + "…): restore the file and put the change in a new V" + String.format("%03d", version + 1) + "__ file or later");
        this.version = version;
    }

    public int version() {
        return version;
    }
}
