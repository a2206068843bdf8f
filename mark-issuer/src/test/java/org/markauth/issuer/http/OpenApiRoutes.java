package org.markauth.issuer.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The issuer's routes as "METHOD /path" lines, read from a router and from the served OpenAPI
 * document (path parameters in OpenAPI's {@code {name}} form), so tests can compare the two.
 */
public final class OpenApiRoutes {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private OpenApiRoutes() {
    }

    /** Every operation of {@code issuer-openapi.yaml}; parsing it also proves it is well-formed YAML. */
    @SuppressWarnings("unchecked")
    public static Set<String> documented() {
        try (InputStream in = OpenApiRoutes.class.getResourceAsStream("/issuer-openapi.yaml")) {
            Map<String, Object> doc = strictYaml().load(in);
            Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
            Set<String> out = new TreeSet<>();
            paths.forEach((path, item) -> item.keySet().stream().filter(METHODS::contains)
                    .forEach(m -> out.add(m.toUpperCase(Locale.ROOT) + " " + path)));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every route of {@code router} bound to a method and a path (not the catch-all handlers). */
    public static Set<String> routed(Router router) {
        Set<String> out = new TreeSet<>();
        for (Route r : router.getRoutes()) {
            if (r.getPath() == null || r.methods() == null || r.methods().isEmpty()) {
                continue;
            }
            String path = r.getPath().replaceAll(":([A-Za-z0-9_]+)", "{$1}");
            for (HttpMethod m : r.methods()) {
                out.add(m.name() + " " + path);
            }
        }
        return out;
    }

    /** A YAML reader that refuses a key given twice in one mapping (SnakeYAML only warns by default, and keeps the last). */
    static Yaml strictYaml() {
        LoaderOptions o = new LoaderOptions();
        o.setAllowDuplicateKeys(false);
        return new Yaml(o);
    }
}
