package org.markauth.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The raw key/value layers a runnable part is configured from, merged with a fixed precedence:
 * <b>flags over environment over file over defaults</b>.
 *
 * <ul>
 *   <li>File: Java properties ({@code cassandra.keyspace=markauth}); given by the flag
 *       {@code --config=PATH} or the variable {@code MARKAUTH_CONFIG}.</li>
 *   <li>Environment: {@code MARKAUTH_} + key upper-cased with dots and dashes as underscores
 *       ({@code cassandra.contact-points} is {@code MARKAUTH_CASSANDRA_CONTACT_POINTS}).</li>
 *   <li>Flags: {@code --cassandra.keyspace=markauth} or {@code --cassandra.keyspace markauth}.</li>
 * </ul>
 *
 * Keys that come from the file or from flags and that the part never reads are an error (a typo
 * must not be silently ignored); see {@link ConfigReader#finish()}. Environment variables are
 * matched against the keys the part reads, so unrelated {@code MARKAUTH_*} variables are harmless.
 */
public final class ConfigSource {
    static final String ENV_PREFIX = "MARKAUTH_";
    private static final String CONFIG_FLAG = "config";

    private final Map<String, String> file;
    private final Map<String, String> env;
    private final Map<String, String> flags;
    private final String fileName;

    private ConfigSource(Map<String, String> file, String fileName, Map<String, String> env,
                         Map<String, String> flags) {
        this.file = Map.copyOf(file);
        this.fileName = fileName;
        this.env = Map.copyOf(env);
        this.flags = Map.copyOf(flags);
    }

    /** Loads the layers from the process: its arguments, its environment and the file they name. */
    public static ConfigSource fromProcess(String[] args) {
        return load(List.of(args), System.getenv());
    }

    /**
     * Loads the layers from the given arguments and environment; the file is the one named by
     * {@code --config} or {@code MARKAUTH_CONFIG}, if any.
     *
     * @throws ConfigException when a flag is malformed or the file cannot be read
     */
    public static ConfigSource load(List<String> args, Map<String, String> environment) {
        Map<String, String> flags = parseFlags(args);
        String configPath = flags.remove(CONFIG_FLAG);
        if (configPath == null) {
            configPath = environment.get(ENV_PREFIX + "CONFIG");
        }
        Map<String, String> file = configPath == null ? Map.of() : readFile(Path.of(configPath));
        return new ConfigSource(file, configPath, environment, flags);
    }

    /** A source with only explicit values, as if given as flags; for tests and embedding. */
    public static ConfigSource of(Map<String, String> values) {
        return new ConfigSource(Map.of(), null, Map.of(), values);
    }

    /** The value of a key after precedence, or {@code null} when no layer sets it. */
    String lookup(String key) {
        String v = flags.get(key);
        if (v == null) {
            v = env.get(envName(key));
        }
        if (v == null) {
            v = file.get(key);
        }
        return v;
    }

    /** Where the effective value of a key came from, for error messages. */
    String origin(String key) {
        if (flags.containsKey(key)) {
            return "flag --" + key;
        }
        if (env.containsKey(envName(key))) {
            return "environment " + envName(key);
        }
        if (file.containsKey(key)) {
            return "file " + fileName;
        }
        return "default";
    }

    /** Keys set in the file or as flags; the ones nobody reads are reported as unknown. */
    List<String> explicitKeys() {
        List<String> keys = new ArrayList<>(file.keySet());
        keys.addAll(flags.keySet());
        Collections.sort(keys);
        return keys;
    }

    static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static Map<String, String> parseFlags(List<String> args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new ConfigException(arg, "not a configuration flag; use --key=value, e.g. --http.port=8080");
            }
            String body = arg.substring(2);
            int eq = body.indexOf('=');
            if (eq > 0) {
                flags.put(body.substring(0, eq), body.substring(eq + 1));
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                flags.put(body, args.get(++i));
            } else {
                throw new ConfigException(body, "flag --" + body + " has no value; use --" + body + "=VALUE");
            }
        }
        return flags;
    }

    private static Map<String, String> readFile(Path path) {
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            props.load(r);
        } catch (IOException e) {
            throw new ConfigException(CONFIG_FLAG, "cannot read configuration file " + path + " (" + e.getMessage()
                    + "); check the path given by --config or MARKAUTH_CONFIG", e);
        }
        Map<String, String> map = new LinkedHashMap<>();
        props.stringPropertyNames().forEach(k -> map.put(k.trim(), props.getProperty(k).trim()));
        return map;
    }
}
