package io.bastion.security.location;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bastion.security.acp.CountryLookup;
import io.bastion.security.acp.OriginatorLocation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.impl.PackedCoordinateSequenceFactory;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * The country of a position from the GeoNames country outlines (geonames.org, licence CC BY 4.0), as the Maven
 * artifact {@code io.github.nonononoki:reverse-country-code} ships them: {@code shapes_simplified_low.json} (a GeoJSON
 * FeatureCollection, one feature per country, {@code properties.geoNameId}) and {@code countryInfo.txt} (GeoNames'
 * country table: ISO 3166-1 alpha-2 code in the first column, geoname ID in the seventeenth). The artifact's own code
 * is not used: the test is JTS's ({@link IndexedPointInAreaLocator} per polygon, an {@link STRtree} over their
 * bounding boxes), so that a lookup costs a tree descent and one indexed point-in-polygon test, and is thread-safe.
 *
 * <p>What it answers: the code of the one country whose outline holds the position, its boundary included. Empty at
 * sea (beyond the coastline the outline draws), in Antarctica (the data has no outline for it), and where the
 * outlines of two countries hold the position (on a shared border, or where simplified outlines overlap), so that a
 * doubtful position never satisfies a country rule. The outlines are simplified (coordinates to 0.001 degree, a
 * little over 100 m, and borders smoothed), so within a few kilometres of a border or coast the answer may be the
 * neighbour's country or none; a rule that must hold near a border is better written as a circle ({@code accr}).
 * Coordinates are GeoJSON's [longitude, latitude] in the data and WGS 84 degrees; the outlines are cut at the
 * antimeridian, so no special case is needed there. Immutable once loaded.
 */
public final class GeoNamesCountries implements CountryLookup {
    /** The class-path resources of the shipped data. */
    static final String SHAPES = "shapes_simplified_low.json";
    static final String COUNTRY_INFO = "countryInfo.txt";

    private static final GeometryFactory FACTORY = new GeometryFactory(PackedCoordinateSequenceFactory.DOUBLE_FACTORY);
    /** countryInfo.txt's columns: ISO (alpha-2) first, geonameid seventeenth. */
    private static final int ISO_COLUMN = 0;
    private static final int GEONAME_ID_COLUMN = 16;

    private final STRtree index = new STRtree();
    private final int countries;
    private final int polygons;

    private GeoNamesCountries(List<Area> areas, int countries) {
        for (Area area : areas) {
            index.insert(area.polygon.getEnvelopeInternal(), area);
        }
        index.build();
        this.countries = countries;
        this.polygons = areas.size();
    }

    /** One polygon of a country's outline, with its point locator. */
    private record Area(String code, Polygon polygon, IndexedPointInAreaLocator locator) {
        Area(String code, Polygon polygon) {
            this(code, polygon, new IndexedPointInAreaLocator(polygon));
        }
    }

    /**
     * The outlines shipped on the class path, read once on first use: about 0.75 s and 15 MB of heap (measured on
     * the project's 2-core machine), so a CSE that has country rules should call this at start rather than on its
     * first such decision. Each polygon's point index is built on the first lookup that reaches it (about 25 ms for
     * the largest, Russia's); with all of them built the outlines take about 30 MB. A lookup then costs 1 to 3
     * microseconds.
     *
     * @throws IllegalStateException when the data is not on the class path or cannot be read
     */
    public static GeoNamesCountries bundled() {
        return Bundled.INSTANCE;
    }

    private static final class Bundled {
        static final GeoNamesCountries INSTANCE = load();

        private static GeoNamesCountries load() {
            ClassLoader loader = GeoNamesCountries.class.getClassLoader();
            try (InputStream shapes = loader.getResourceAsStream(SHAPES);
                 InputStream info = loader.getResourceAsStream(COUNTRY_INFO)) {
                if (shapes == null || info == null) {
                    throw new IllegalStateException("the country outlines (" + SHAPES + ", " + COUNTRY_INFO
                            + " of io.github.nonononoki:reverse-country-code) are not on the class path");
                }
                return read(shapes, info);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the country outlines", e);
            }
        }
    }

    /**
     * Reads outlines and country table in the GeoNames formats.
     *
     * @throws IllegalArgumentException when the data is not in those formats
     */
    public static GeoNamesCountries read(InputStream shapes, InputStream countryInfo) throws IOException {
        Map<String, String> codes = isoCodesByGeonameId(countryInfo);
        JsonNode features = new ObjectMapper().readTree(shapes).path("features");
        if (!features.isArray()) {
            throw new IllegalArgumentException("country outlines: not a GeoJSON FeatureCollection");
        }
        List<Area> areas = new ArrayList<>();
        int countries = 0;
        for (JsonNode feature : features) {
            String id = feature.path("properties").path("geoNameId").asText();
            String code = codes.get(id);
            if (code == null) {
                throw new IllegalArgumentException("country outlines: geoNameId " + id + " is not in the country table");
            }
            for (Polygon polygon : polygons(feature.path("geometry"))) {
                areas.add(new Area(code, polygon));
            }
            countries++;
        }
        return new GeoNamesCountries(areas, countries);
    }

    private static Map<String, String> isoCodesByGeonameId(InputStream countryInfo) throws IOException {
        Map<String, String> codes = new HashMap<>();
        BufferedReader lines = new BufferedReader(new InputStreamReader(countryInfo, StandardCharsets.UTF_8));
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.split("\t", -1);
            String iso = columns[ISO_COLUMN];
            if (columns.length <= GEONAME_ID_COLUMN || !iso.matches("[A-Z]{2}")) {
                throw new IllegalArgumentException("country table: not a GeoNames countryInfo line: " + iso);
            }
            codes.put(columns[GEONAME_ID_COLUMN], iso);
        }
        return codes;
    }

    private static List<Polygon> polygons(JsonNode geometry) {
        JsonNode coordinates = geometry.path("coordinates");
        return switch (geometry.path("type").asText()) {
            case "Polygon" -> List.of(polygon(coordinates));
            case "MultiPolygon" -> {
                List<Polygon> out = new ArrayList<>(coordinates.size());
                for (JsonNode polygon : coordinates) {
                    out.add(polygon(polygon));
                }
                yield out;
            }
            default -> throw new IllegalArgumentException("country outlines: a geometry that is no (Multi)Polygon");
        };
    }

    private static Polygon polygon(JsonNode rings) {
        LinearRing[] holes = new LinearRing[Math.max(0, rings.size() - 1)];
        for (int i = 0; i < holes.length; i++) {
            holes[i] = ring(rings.get(i + 1));
        }
        return FACTORY.createPolygon(ring(rings.get(0)), holes);
    }

    private static LinearRing ring(JsonNode positions) {
        if (positions == null || positions.size() < 4) {
            throw new IllegalArgumentException("country outlines: a ring of fewer than 4 positions");
        }
        Coordinate[] ring = new Coordinate[positions.size()];
        for (int i = 0; i < ring.length; i++) {
            JsonNode position = positions.get(i);
            if (!position.path(0).isNumber() || !position.path(1).isNumber()) {
                throw new IllegalArgumentException("country outlines: a position that is not [longitude, latitude]");
            }
            ring[i] = new Coordinate(position.get(0).doubleValue(), position.get(1).doubleValue());
        }
        return FACTORY.createLinearRing(ring);
    }

    @Override
    public Optional<String> countryAt(OriginatorLocation.Point point) {
        Coordinate at = new Coordinate(point.longitude(), point.latitude());
        String found = null;
        for (Object candidate : index.query(new Envelope(at))) {
            Area area = (Area) candidate;
            if (area.locator.locate(at) != Location.EXTERIOR) {
                if (found != null && !found.equals(area.code)) {
                    return Optional.empty(); // two countries' outlines hold it: which one is in doubt
                }
                found = area.code;
            }
        }
        return Optional.ofNullable(found);
    }

    /** Countries with an outline. */
    public int countries() {
        return countries;
    }

    /** Polygons of all outlines (a country of islands has many). */
    public int polygons() {
        return polygons;
    }
}
