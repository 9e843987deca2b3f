package io.bastion.store.sqlite;

/**
 * The key range that holds exactly the structured paths strictly below a path: they all start with {@code p/}, so
 * they sort after {@code "p/"} and before {@code "p0"} ('0' is the character after '/'). Comparing against this range
 * uses the path index and, unlike LIKE, gives no meaning to characters in the path.
 */
record PathRange(String low, String high) {

    static PathRange below(String path) {
        return new PathRange(path + "/", path + "0");
    }

    /** Number of segments: {@code cse-in} is 1, {@code cse-in/ae1} is 2. */
    static int depth(String path) {
        int d = 1;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '/') {
                d++;
            }
        }
        return d;
    }

    /** The last segment, standing in for rn when the attributes carry none. */
    static String lastSegment(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
