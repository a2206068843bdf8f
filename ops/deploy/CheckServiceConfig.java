import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.markauth.config.ConfigSource;

/**
 * Loads a shipped configuration file with the service's own loader, exactly as its main class
 * does (file, then flags), so that a key the service does not know, a wrong value or a missing
 * required key in ops/deploy is caught before a deployment. Run by ops/deploy/check with the
 * service's classpath (java's single-file source launcher):
 *
 * <pre>java -cp CLASSPATH ops/deploy/CheckServiceConfig.java org.markauth.verify.VerifyConfig --config=FILE [--key=value...]</pre>
 *
 * Prints "OK" or the loader's message, and exits 1 when the configuration is refused.
 */
public class CheckServiceConfig {
    public static void main(String[] args) throws Exception {
        Class<?> type = Class.forName(args[0]);
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            type.getMethod("load", ConfigSource.class).invoke(null, ConfigSource.load(rest, Map.of()));
            System.out.println("OK");
        } catch (InvocationTargetException e) {
            System.out.println(e.getCause().getMessage());
            System.exit(1);
        }
    }
}
