package org.markauth.sdk.mark;

import java.util.Objects;

/** The outcome of {@link MarkCodec#parse}: a mark, a malformed input with its reason, or a foreign URL. */
public sealed interface ParseResult permits ParseResult.Parsed, ParseResult.Malformed, ParseResult.Foreign {

    /** A well-formed mark; its signature has NOT been checked yet. {@code host} is null for a bare code. */
    record Parsed(SignedMark mark, String host) implements ParseResult {
        public Parsed {
            Objects.requireNonNull(mark, "mark");
        }
    }

    /** Not a mark; {@code detail} says where (never contains more than 80 characters of the input). */
    record Malformed(MalformedReason reason, String detail) implements ParseResult {
        public Malformed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** An HTTPS URL whose host is not one of the programme's: a look-alike or unrelated code. */
    record Foreign(String host) implements ParseResult {
        public Foreign {
            Objects.requireNonNull(host, "host");
        }
    }
}
