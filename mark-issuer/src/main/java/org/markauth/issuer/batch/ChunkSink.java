package org.markauth.issuer.batch;

import java.io.IOException;

/** Receives the chunks of a run in sequence order (print-file writers). */
@FunctionalInterface
public interface ChunkSink {

    void accept(MarkChunk chunk) throws IOException;
}
