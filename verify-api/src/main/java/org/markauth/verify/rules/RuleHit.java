package org.markauth.verify.rules;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * One rule that fired, with the evidence the regulator sees in the alert.
 *
 * @param suspectsClone true for rules that make a GENUINE answer CLONE_SUSPECTED (the others only alert)
 */
public record RuleHit(Rule rule, boolean suspectsClone, String summary, JsonObject evidence) {
    public RuleHit {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(summary, "summary");
        evidence = evidence == null ? new JsonObject() : evidence.copy();
    }
}
