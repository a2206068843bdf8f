package org.markauth.drills;

import java.util.List;
import java.util.Map;

/**
 * One operation of a service (a method on a path template such as {@code /api/v1/batches/{batchId}}),
 * as its OpenAPI document declares it, or one of the unlisted routes its router serves.
 *
 * @param body the request body's media type and resolved schema ({@code null}: none)
 */
record Endpoint(Service service, String method, String template, List<Param> pathParams, List<Param> queryParams,
                Body body, Auth auth, boolean listed) {

    enum Service {
        VERIFY("verify-api"), ISSUER("mark-issuer");

        final String label;

        Service(String label) {
            this.label = label;
        }
    }

    /** How the route authenticates its caller. */
    enum Auth {
        NONE, BEARER, SESSION
    }

    record Param(String name, Map<String, Object> schema, boolean required) {
        String type() {
            Object t = schema.get("type");
            return t == null ? "string" : t.toString();
        }
    }

    record Body(String mediaType, Map<String, Object> schema) {
        boolean json() {
            return mediaType.contains("json");
        }

        boolean form() {
            return mediaType.startsWith("application/x-www-form-urlencoded");
        }

        boolean multipart() {
            return mediaType.startsWith("multipart/");
        }
    }

    /** {@code issuer POST /api/v1/batches}: how the drill names the route in its figures. */
    String label() {
        return (service == Service.VERIFY ? "verify " : "issuer ") + method + " " + template;
    }
}
