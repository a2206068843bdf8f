import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.markauth.config.ConfigReader;
import org.markauth.config.ConfigSource;

/**
 * Loads a shipped configuration file with the service's own loader, the way its main class does
 * (file, then flags; unknown keys refused), so that a key the service does not know, a wrong value
 * or a missing required key in ops/deploy is caught before a deployment. Run by ops/deploy/check
 * with the service's classpath (java's single-file source launcher):
 *
 * <pre>java -cp CLASSPATH ops/deploy/CheckServiceConfig.java org.markauth.verify.app.VerifyConfig --config=FILE [--key=value...]</pre>
 *
 * The configuration class has either {@code static load(ConfigSource)} (verify-api) or
 * {@code static read(ConfigReader)} followed by {@link ConfigReader#finish()} (mark-issuer).
 * Nothing is connected and no secret is read. Prints "OK" or the loader's message; exits 1 when
 * the configuration is refused.
 */
public class CheckServiceConfig {
    public static void main(String[] args) throws Exception {
        Class<?> type = Class.forName(args[0]);
        ConfigSource source = ConfigSource.load(Arrays.asList(args).subList(1, args.length), Map.of());
        try {
            Method load = find(type, "load", ConfigSource.class);
            if (load != null) {
                load.invoke(null, source);
            } else {
                ConfigReader reader = new ConfigReader(source);
                type.getMethod("read", ConfigReader.class).invoke(null, reader);
                reader.finish();
            }
            System.out.println("OK");
        } catch (InvocationTargetException e) {
            System.out.println(e.getCause().getMessage());
            System.exit(1);
        } catch (RuntimeException e) {
            System.out.println(e.getMessage());
            System.exit(1);
        }
    }

    private static Method find(Class<?> type, String name, Class<?> parameter) {
        try {
            return type.getMethod(name, parameter);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
