/**
 * Locations and geo-queries of Release 4: {@link io.bastion.core.geo.GeoCoordinates} ({@code m2m:geoCoordinates},
 * {@code typ} and {@code crd}: a GeoJSON geometry in [longitude, latitude] order) and
 * {@link io.bastion.core.geo.GeoQuery} (the filter criteria's {@code gmty}, {@code geom} and {@code gsf}). The
 * geometry is JTS's: reading builds JTS geometries and checks them with JTS's validity test, and the spatial functions
 * are JTS's predicates, so no geometry is computed by hand here. Pure: no I/O, no clock.
 */
package io.bastion.core.geo;
