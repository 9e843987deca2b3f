package io.bastion.bench.architecture;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The classes of one module as the compiler wrote them, each with the Bastion classes it refers to, read from the
 * constant pool of its class file (JVMS 4.4): the classes it names and every class in the descriptors and generic
 * signatures of its fields, methods and calls. String literals are left out; Javadoc never reaches a class file.
 * Reads a folder of classes or a jar, so it works whether Maven puts a module's folder or its jar on the class path.
 */
record ClassReferences(String module, Map<String, Set<String>> byClass) {
    /** A class name inside a descriptor or signature, e.g. {@code Lio/bastion/core/primitive/Request;}. */
    private static final Pattern IN_DESCRIPTOR = Pattern.compile("L(io/bastion/[\\w/$]+)[;<]");
    private static final String ROOT = "io/bastion/";

    /**
     * The classes below {@code packagePrefix} (e.g. {@code io.bastion.cse}) in {@code location}, a folder or a jar;
     * other classes there (a test fixture beside them, or a whole application shaded into one jar) are not read.
     */
    static ClassReferences read(String module, Path location, String packagePrefix) {
        String prefix = packagePrefix.replace('.', '/') + "/";
        Map<String, Set<String>> byClass = new TreeMap<>();
        try {
            if (Files.isDirectory(location)) {
                Path dir = location.resolve(prefix);
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> files = Files.walk(dir)) {
                        for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                            try (InputStream in = Files.newInputStream(f)) {
                                add(byClass, in);
                            }
                        }
                    }
                }
            } else {
                try (ZipFile jar = new ZipFile(location.toFile())) {
                    for (Enumeration<? extends ZipEntry> e = jar.entries(); e.hasMoreElements(); ) {
                        ZipEntry entry = e.nextElement();
                        if (entry.getName().startsWith(prefix) && entry.getName().endsWith(".class")) {
                            try (InputStream in = jar.getInputStream(entry)) {
                                add(byClass, in);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the classes of " + module + " in " + location, e);
        }
        return new ClassReferences(module, byClass);
    }

    /** The package of a class name in dotted form ({@code io.bastion.cse.Cse$1} is in {@code io.bastion.cse}). */
    static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    private static void add(Map<String, Set<String>> byClass, InputStream in) throws IOException {
        Set<String> refs = new TreeSet<>();
        String self = parse(new DataInputStream(in), refs);
        refs.remove(self);
        byClass.computeIfAbsent(self, k -> new TreeSet<>()).addAll(refs);
    }

    /** Reads the constant pool and {@code this_class}; returns the class's name, fills {@code refs} (dotted names). */
    private static String parse(DataInputStream in, Set<String> refs) throws IOException {
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNameIndex = new int[count];
        BitSet literal = new BitSet(count);
        List<Integer> classes = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 7 -> {
                    classNameIndex[i] = in.readUnsignedShort();
                    classes.add(i);
                }
                case 8 -> literal.set(in.readUnsignedShort());
                case 16, 19, 20 -> in.readUnsignedShort();
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++; // takes two entries (JVMS 4.4.5)
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        in.readUnsignedShort(); // access flags
        String self = utf8[classNameIndex[in.readUnsignedShort()]].replace('/', '.');
        for (int i : classes) {
            String name = utf8[classNameIndex[i]];
            if (name.startsWith(ROOT)) {
                refs.add(name.replace('/', '.'));
            }
        }
        for (int i = 1; i < count; i++) {
            if (utf8[i] != null && !literal.get(i) && utf8[i].contains(ROOT)) {
                Matcher m = IN_DESCRIPTOR.matcher(utf8[i]);
                while (m.find()) {
                    refs.add(m.group(1).replace('/', '.'));
                }
            }
        }
        return self;
    }
}
