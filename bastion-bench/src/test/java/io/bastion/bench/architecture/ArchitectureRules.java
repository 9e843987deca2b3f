package io.bastion.bench.architecture;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The two rules of DESIGN.md section 2 that the compiled classes must keep: no package forms a cycle with another
 * package of its module, and a module refers only to the modules it may depend on. {@link #violations} says every
 * breach in words, with the class references that make it, so that a failing build names what to move.
 *
 * @param prefixes the package prefix of each module, e.g. {@code bastion-cse} → {@code io.bastion.cse}
 * @param mayUse the modules each module's classes may refer to besides its own
 */
record ArchitectureRules(Map<String, String> prefixes, Map<String, Set<String>> mayUse) {
    /** How many class references a breach quotes as evidence. */
    private static final int EXAMPLES = 3;

    /** Every package cycle and every forbidden module dependency among {@code modules}; empty when there is none. */
    List<String> violations(List<ClassReferences> modules) {
        List<String> out = new ArrayList<>();
        for (ClassReferences m : modules) {
            out.addAll(forbiddenModules(m));
            out.addAll(packageCycles(m));
        }
        return out;
    }

    private List<String> forbiddenModules(ClassReferences m) {
        Set<String> allowed = mayUse.getOrDefault(m.module(), Set.of());
        Map<String, List<String>> evidence = new TreeMap<>();
        m.byClass().forEach((from, refs) -> {
            for (String to : refs) {
                String target = moduleOf(to);
                if (target != null && !target.equals(m.module()) && !allowed.contains(target)) {
                    evidence.computeIfAbsent(target, k -> new ArrayList<>()).add(from + " -> " + to);
                }
            }
        });
        List<String> out = new ArrayList<>();
        evidence.forEach((target, refs) -> out.add(m.module() + " may not depend on " + target + " (it may use "
                + (allowed.isEmpty() ? "no other module" : String.join(", ", new TreeSet<>(allowed))) + "): "
                + quote(refs)));
        return out;
    }

    /** The module whose package prefix the class lies under (the longest prefix), or null for none. */
    private String moduleOf(String className) {
        String best = null;
        int length = -1;
        for (Map.Entry<String, String> e : prefixes.entrySet()) {
            String p = e.getValue();
            if (className.startsWith(p + ".") && p.length() > length) {
                best = e.getKey();
                length = p.length();
            }
        }
        return best;
    }

    /** The strongly connected components of more than one package (Tarjan), each with the references inside it. */
    private List<String> packageCycles(ClassReferences m) {
        Map<String, Map<String, List<String>>> graph = new TreeMap<>();
        m.byClass().forEach((from, refs) -> {
            String p = ClassReferences.packageOf(from);
            graph.computeIfAbsent(p, k -> new TreeMap<>());
            for (String to : refs) {
                String q = ClassReferences.packageOf(to);
                if (!q.equals(p) && m.module().equals(moduleOf(to))) {
                    graph.get(p).computeIfAbsent(q, k -> new ArrayList<>()).add(from + " -> " + to);
                    graph.computeIfAbsent(q, k -> new TreeMap<>());
                }
            }
        });
        List<String> out = new ArrayList<>();
        for (Set<String> component : new Tarjan(graph).components()) {
            if (component.size() < 2) {
                continue;
            }
            StringBuilder why = new StringBuilder(m.module() + ": packages " + String.join(", ", component)
                    + " form a cycle:");
            for (String p : component) {
                graph.get(p).forEach((q, refs) -> {
                    if (component.contains(q)) {
                        why.append("\n  ").append(p).append(" -> ").append(q).append(": ").append(quote(refs));
                    }
                });
            }
            out.add(why.toString());
        }
        return out;
    }

    private static String quote(List<String> refs) {
        List<String> shown = refs.subList(0, Math.min(EXAMPLES, refs.size()));
        int more = refs.size() - shown.size();
        return String.join("; ", shown) + (more > 0 ? " (and " + more + " more)" : "");
    }

    /** Tarjan's strongly connected components, iteration order kept so that reports are stable. */
    private static final class Tarjan {
        private final Map<String, Map<String, List<String>>> graph;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new TreeSet<>();
        private final List<Set<String>> components = new ArrayList<>();

        Tarjan(Map<String, Map<String, List<String>>> graph) {
            this.graph = graph;
        }

        List<Set<String>> components() {
            for (String v : graph.keySet()) {
                if (!index.containsKey(v)) {
                    connect(v);
                }
            }
            return components;
        }

        private void connect(String v) {
            index.put(v, index.size());
            low.put(v, index.get(v));
            stack.push(v);
            onStack.add(v);
            for (String w : graph.getOrDefault(v, new LinkedHashMap<>()).keySet()) {
                if (!index.containsKey(w)) {
                    connect(w);
                    low.put(v, Math.min(low.get(v), low.get(w)));
                } else if (onStack.contains(w)) {
                    low.put(v, Math.min(low.get(v), index.get(w)));
                }
            }
            if (low.get(v).equals(index.get(v))) {
                Set<String> component = new TreeSet<>();
                String w;
                do {
                    w = stack.pop();
                    onStack.remove(w);
                    component.add(w);
                } while (!w.equals(v));
                components.add(component);
            }
        }
    }
}
