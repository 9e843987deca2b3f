package io.bastion.core.resource;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The secret attributes of a stored resource (a symmetric key value, {@code skv}), kept apart from its attributes
 * ({@link Resource#attrs()}) so that code which represents a resource — responses, notifications, discovery, audit
 * entries, explanations, logs — cannot carry them, whatever it does with the attributes. It never prints its values;
 * only the store reads them ({@link #revealForStorage()}) to write them back.
 */
public final class SecretAttributes {
    /** No secret: most resources. */
    public static final SecretAttributes NONE = new SecretAttributes(Map.of());

    private final Map<String, String> values;

    private SecretAttributes(Map<String, String> values) {
        this.values = values;
    }

    /** Secrets by short name, as the store kept them. */
    public static SecretAttributes of(Map<String, String> values) {
        return values.isEmpty() ? NONE : new SecretAttributes(Collections.unmodifiableMap(new TreeMap<>(values)));
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The short names of the secrets held, never their values. */
    public Set<String> names() {
        return values.keySet();
    }

    public boolean has(String sn) {
        return values.containsKey(sn);
    }

    /** These secrets with {@code sn} set to {@code value}, or removed when {@code value} is null. */
    public SecretAttributes with(String sn, String value) {
        Map<String, String> next = new TreeMap<>(values);
        if (value == null) {
            next.remove(sn);
        } else {
            next.put(sn, value);
        }
        return of(next);
    }

    /** The values, for the store that writes them; nothing that answers a request may call this. */
    public Map<String, String> revealForStorage() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SecretAttributes s && values.equals(s.values);
    }

    /** Depends on the names only, so that hashing never touches a value. */
    @Override
    public int hashCode() {
        return values.keySet().hashCode();
    }

    @Override
    public String toString() {
        return values.isEmpty() ? "no secrets" : "secrets " + values.keySet() + " [redacted]";
    }
}
