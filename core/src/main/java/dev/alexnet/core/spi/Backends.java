// The one place where a backend is chosen: by name, by -Dalexnet.backend, or by priority.
package dev.alexnet.core.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds {@link BackendProvider}s with {@link ServiceLoader} and picks one.
 * A name ("cpu", "gpu", "reference") or the property {@code alexnet.backend} selects that provider
 * and fails if it is missing or unavailable: never a silent fallback. "auto" (or no name) takes the
 * available provider of highest priority.
 */
public final class Backends {
    /** System property that overrides an "auto" choice. */
    public static final String PROPERTY = "alexnet.backend";

    private Backends() {}

    /** A choice and the sentence explaining it. */
    public record Choice(BackendProvider provider, String reason) {}

    /** Every provider that loads, highest priority first. Providers that fail to load are skipped. */
    public static List<BackendProvider> providers() {
        List<BackendProvider> found = new ArrayList<>();
        Iterator<BackendProvider> it = ServiceLoader.load(BackendProvider.class).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                found.add(it.next());
            } catch (ServiceConfigurationError e) {
                System.err.println("alexnet: skipping a backend that failed to load: " + e.getMessage());
            }
        }
        found.sort(Comparator.comparingInt(BackendProvider::priority).reversed());
        return found;
    }

    /** Chooses a provider for {@code name} ("auto", null, or a provider name), with the reason. */
    public static Choice choose(String name) {
        String requested = name == null || name.isBlank() || name.equalsIgnoreCase("auto")
                ? System.getProperty(PROPERTY, "auto") : name;
        requested = requested.toLowerCase(Locale.ROOT);
        List<BackendProvider> all = providers();
        if (!requested.equals("auto")) {
            for (BackendProvider p : all) {
                if (p.name().equals(requested)) {
                    if (!p.isAvailable()) {
                        throw new BackendUnavailableException("backend '" + requested + "' is not usable here: "
                                + p.unavailableReason());
                    }
                    return new Choice(p, "backend '" + requested + "' as requested");
                }
            }
            throw new BackendUnavailableException("unknown backend '" + requested + "'; installed: " + names(all));
        }
        StringBuilder passed = new StringBuilder();
        for (BackendProvider p : all) {
            if (p.isAvailable()) {
                String reason = "auto chose '" + p.name() + "'" + (passed.isEmpty() ? "" : " (" + passed + ")");
                return new Choice(p, reason);
            }
            if (!passed.isEmpty()) {
                passed.append("; ");
            }
            passed.append(p.name()).append(": ").append(p.unavailableReason());
        }
        throw new BackendUnavailableException("no usable backend; " + (passed.isEmpty() ? "none installed" : passed));
    }

    /** Chooses and creates a backend. */
    public static Backend create(String name, BackendOptions options) {
        return choose(name).provider().create(options);
    }

    private static String names(List<BackendProvider> all) {
        List<String> names = new ArrayList<>();
        for (BackendProvider p : all) {
            names.add(p.name());
        }
        return String.join(", ", names);
    }
}
