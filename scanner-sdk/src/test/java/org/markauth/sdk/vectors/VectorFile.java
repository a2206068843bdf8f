package org.markauth.sdk.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** How a generated vectors file is written and checked against its generator (one layout for all). */
final class VectorFile {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private VectorFile() {
    }

    static String render(ObjectNode doc) throws JsonProcessingException {
        return JSON.writeValueAsString(doc) + "\n";
    }

    static void write(Path file, ObjectNode doc) throws IOException {
        Files.writeString(file, render(doc), StandardCharsets.UTF_8);
        System.out.println("wrote " + file.toAbsolutePath().normalize());
    }

    /** The published file must be byte for byte what the generator renders now. */
    static void assertUpToDate(Path file, String rendered, String generator) throws IOException {
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .as(file + " is stale; regenerate it (see " + generator + ")").isEqualTo(rendered);
    }
}
