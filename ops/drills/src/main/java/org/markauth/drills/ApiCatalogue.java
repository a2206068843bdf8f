package org.markauth.drills;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.markauth.drills.Endpoint.Auth;
import org.markauth.drills.Endpoint.Body;
import org.markauth.drills.Endpoint.Param;
import org.markauth.drills.Endpoint.Service;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Every route of both services: each operation of their OpenAPI documents (verify-api's
 * {@code /openapi.yaml}, the issuer's {@code /issuer-openapi.yaml}, read from the services' own jars),
 * with its path and query parameters, request body schema ({@code $ref}s resolved) and security, plus
 * the routes their routers serve that the documents do not list (VerifyRouter, PageHandlers,
 * Catalogue; IssuerRouter) and paths nobody serves (static assets a scanner probes).
 */
final class ApiCatalogue {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z0-9_]+)}");

    private ApiCatalogue() {
    }

    static List<Endpoint> all() {
        List<Endpoint> out = new ArrayList<>(read(Service.VERIFY, "/openapi.yaml", Auth.NONE));
        out.addAll(read(Service.ISSUER, "/issuer-openapi.yaml", Auth.BEARER));
        out.addAll(unlisted());
        return out;
    }

    /** The routes the routers serve beyond their documents, and a scanner's usual guesses (404s). */
    static List<Endpoint> unlisted() {
        List<Endpoint> u = new ArrayList<>();
        Map<String, Object> str = Map.of("type", "string");
        // verify-api: the lower-case short form, the catalogue page and JSON, its own OpenAPI document
        // (the Digital Link resolver's /01/{gtin} is in the document now)
        u.add(new Endpoint(Service.VERIFY, "GET", "/m/{payload}", List.of(new Param("payload", str, true)),
                List.of(new Param("lang", str, false), new Param("geo", str, false)), null, Auth.NONE, false));
        u.add(plain(Service.VERIFY, "GET", "/catalogue", List.of(new Param("lang", str, false))));
        u.add(plain(Service.VERIFY, "GET", "/api/v1/catalogue", List.of(new Param("lang", str, false))));
        u.add(plain(Service.VERIFY, "GET", "/openapi.yaml", List.of()));
        // static assets and a scanner's usual guesses: neither service serves any
        for (Service s : Service.values()) {
            for (String p : List.of("/favicon.ico", "/robots.txt", "/static/app.css", "/console/static/console.css", "/.env",
                    "/actuator/env", "/WEB-INF/web.xml", "/")) {
                u.add(plain(s, "GET", p, List.of()));
            }
            u.add(plain(s, "OPTIONS", "/api/v1/trust-list", List.of()));
            u.add(plain(s, "HEAD", "/api/v1/trust-list", List.of()));
            u.add(plain(s, "DELETE", "/api/v1/trust-list", List.of()));
        }
        return u;
    }

    private static Endpoint plain(Service s, String method, String path, List<Param> query) {
        return new Endpoint(s, method, path, List.of(), query, null, Auth.NONE, false);
    }

    @SuppressWarnings("unchecked")
    static List<Endpoint> read(Service service, String resource, Auth defaultAuth) {
        Map<String, Object> doc;
        try (InputStream in = ApiCatalogue.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the drill's classpath");
            }
            doc = strictYaml().load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Auth docAuth = security(doc.get("security"), defaultAuth);
        List<Endpoint> out = new ArrayList<>();
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
        paths.forEach((template, item) -> {
            List<Object> shared = (List<Object>) item.getOrDefault("parameters", List.of());
            item.forEach((key, value) -> {
                if (!METHODS.contains(key)) {
                    return;
                }
                Map<String, Object> op = (Map<String, Object>) value;
                Map<String, Param> byName = new LinkedHashMap<>();
                List<Object> params = new ArrayList<>(shared);
                params.addAll((List<Object>) op.getOrDefault("parameters", List.of()));
                List<Param> query = new ArrayList<>();
                for (Object p : params) {
                    Map<String, Object> m = (Map<String, Object>) resolve(doc, p);
                    Param param = new Param((String) m.get("name"),
                            (Map<String, Object>) resolve(doc, m.getOrDefault("schema", Map.of("type", "string"))),
                            Boolean.TRUE.equals(m.get("required")));
                    if ("path".equals(m.get("in"))) {
                        byName.put(param.name(), param);
                    } else if ("query".equals(m.get("in"))) {
                        query.add(param);
                    }
                }
                List<Param> path = new ArrayList<>();
                Matcher names = PARAM.matcher(template);
                while (names.find()) {
                    path.add(byName.getOrDefault(names.group(1), new Param(names.group(1), Map.of("type", "string"), true)));
                }
                Body body = null;
                Object rb = op.get("requestBody");
                if (rb != null) {
                    Map<String, Object> content = (Map<String, Object>) ((Map<String, Object>) resolve(doc, rb)).get("content");
                    Map.Entry<String, Object> first = content.entrySet().iterator().next();
                    Object schema = ((Map<String, Object>) first.getValue()).getOrDefault("schema", Map.of("type", "object"));
                    body = new Body(first.getKey(), (Map<String, Object>) deref(doc, schema));
                }
                Auth auth = op.containsKey("security") ? security(op.get("security"), Auth.NONE) : docAuth;
                out.add(new Endpoint(service, key.toUpperCase(Locale.ROOT), template, List.copyOf(path), List.copyOf(query), body,
                        auth, true));
            });
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Auth security(Object security, Auth none) {
        if (!(security instanceof List<?> l)) {
            return none;
        }
        if (l.isEmpty()) {
            return Auth.NONE;
        }
        Map<String, Object> first = (Map<String, Object>) l.get(0);
        return first.containsKey("consoleSession") ? Auth.SESSION : first.containsKey("bearer") ? Auth.BEARER : none;
    }

    /** {@code {$ref: '#/components/x/y'}} → the object it names (one level). */
    @SuppressWarnings("unchecked")
    private static Object resolve(Map<String, Object> doc, Object o) {
        if (o instanceof Map<?, ?> m && m.get("$ref") instanceof String ref && ref.startsWith("#/")) {
            Object at = doc;
            for (String part : ref.substring(2).split("/")) {
                at = ((Map<String, Object>) at).get(part);
            }
            return resolve(doc, at);
        }
        return o;
    }

    /** A schema with every {@code $ref} resolved and {@code allOf} merged into one object schema. */
    @SuppressWarnings("unchecked")
    static Object deref(Map<String, Object> doc, Object schema) {
        Object s = resolve(doc, schema);
        if (s instanceof Map<?, ?> raw) {
            Map<String, Object> m = (Map<String, Object>) raw;
            Map<String, Object> out = new LinkedHashMap<>();
            if (m.get("allOf") instanceof List<?> all) {
                Map<String, Object> props = new LinkedHashMap<>();
                List<Object> required = new ArrayList<>();
                for (Object part : all) {
                    Map<String, Object> p = (Map<String, Object>) deref(doc, part);
                    props.putAll((Map<String, Object>) p.getOrDefault("properties", Map.of()));
                    required.addAll((List<Object>) p.getOrDefault("required", List.of()));
                }
                out.put("type", "object");
                out.put("properties", props);
                out.put("required", required);
                return out;
            }
            m.forEach((k, v) -> out.put(k, deref(doc, v)));
            return out;
        }
        if (s instanceof List<?> l) {
            return l.stream().map(x -> deref(doc, x)).toList();
        }
        return s;
    }

    /** A YAML reader that refuses a key given twice in one mapping (SnakeYAML only warns by default, and keeps the last). */
    static Yaml strictYaml() {
        LoaderOptions o = new LoaderOptions();
        o.setAllowDuplicateKeys(false);
        return new Yaml(o);
    }
}
