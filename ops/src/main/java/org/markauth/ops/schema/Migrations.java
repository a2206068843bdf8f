package org.markauth.ops.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds the {@code V<NNN>__*.cql} files under a classpath folder (default {@code db/migration}),
 * whether the ops classes sit in a directory (builds, IDEs) or in a jar (tests of other modules,
 * the packaged CLI), and returns them in version order. Two files with the same version are an error.
 */
public final class Migrations {
    public static final String DEFAULT_LOCATION = "db/migration";

    private Migrations() {
    }

    /** The project's migrations: every {@code db/migration/V*.cql} on the ops class loader's classpath. */
    public static List<Migration> fromClasspath() {
        return fromClasspath(Migrations.class.getClassLoader(), DEFAULT_LOCATION);
    }

    public static List<Migration> fromClasspath(ClassLoader loader, String location) {
        TreeSet<String> names = new TreeSet<>();
        try {
            Enumeration<URL> roots = loader.getResources(location);
            while (roots.hasMoreElements()) {
                names.addAll(list(roots.nextElement(), location));
            }
        } catch (IOException e) {
            throw new MigrationException("cannot list migrations under classpath folder " + location + ": " + e.getMessage(), e);
        }
        if (names.isEmpty()) {
            throw new MigrationException("no migration found under classpath folder " + location
                    + " (is the ops jar or its classes on the classpath?)");
        }
        List<Migration> migrations = new ArrayList<>();
        for (String name : names) {
            try (InputStream in = loader.getResourceAsStream(location + "/" + name)) {
                if (in == null) {
                    throw new MigrationException("migration " + location + "/" + name + " disappeared while reading it");
                }
                migrations.add(Migration.of(name, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new MigrationException("cannot read migration " + location + "/" + name + ": " + e.getMessage(), e);
            }
        }
        return ordered(migrations);
    }

    /** Sorts by version and rejects duplicate versions. */
    public static List<Migration> ordered(List<Migration> migrations) {
        Map<Integer, Migration> byVersion = new HashMap<>();
        for (Migration m : migrations) {
            Migration other = byVersion.put(m.version(), m);
            if (other != null) {
                throw new MigrationException("migrations " + other.fileName() + " and " + m.fileName()
                        + " share version " + m.version() + ": renumber one of them");
            }
        }
        return migrations.stream().sorted(Comparator.comparingInt(Migration::version)).toList();
    }

    private static List<String> list(URL root, String location) throws IOException {
        switch (root.getProtocol()) {
            case "file" -> {
                try (Stream<Path> files = Files.list(Path.of(root.toURI()))) {
                    return files.map(p -> p.getFileName().toString()).filter(Migrations::isMigration).toList();
                } catch (URISyntaxException e) {
                    throw new IOException("bad classpath URL " + root, e);
                }
            }
            case "jar" -> {
                JarURLConnection connection = (JarURLConnection) root.openConnection();
                connection.setUseCaches(false);
                List<String> out = new ArrayList<>();
                try (JarFile jar = connection.getJarFile()) {
                    String prefix = location + "/";
                    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                        String entry = e.nextElement().getName();
                        if (entry.startsWith(prefix) && entry.indexOf('/', prefix.length()) < 0) {
                            String name = entry.substring(prefix.length());
                            if (isMigration(name)) {
                                out.add(name);
                            }
                        }
                    }
                }
                return out;
            }
            default -> throw new UncheckedIOException(new IOException("cannot list migrations from a " + root.getProtocol() + ": URL " + root));
        }
    }

    private static boolean isMigration(String name) {
        return name.endsWith(".cql") && name.startsWith("V");
    }
}
