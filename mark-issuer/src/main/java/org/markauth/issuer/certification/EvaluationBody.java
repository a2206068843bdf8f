package org.markauth.issuer.certification;

import java.time.Instant;
import java.util.Objects;
import org.markauth.issuer.registry.Checks;

/** A professional body that reviews applications (the seed's 专业机构评审): its name, accreditation and contact. */
public record EvaluationBody(String bodyId, String name, String accreditation, String contact, Instant updatedAt) {

    public EvaluationBody {
        Checks.id("bodyId", bodyId);
        Checks.text("name", name, 1, 200);
        Checks.optionalText("accreditation", accreditation, 200);
        Checks.optionalText("contact", contact, 200);
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
