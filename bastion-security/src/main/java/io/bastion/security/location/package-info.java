/**
 * Where an originator is, for the location regions of access control ({@code aclr}, TS-0003 7.1.3): the country
 * of a position ({@link io.bastion.security.location.GeoNamesCountries}, from country outlines a package ships), an
 * observed position with its time ({@link io.bastion.security.location.ObservedPosition}) and when it is fresh enough
 * to decide a request ({@link io.bastion.security.location.PositionFreshness}). Pure and without I/O but for reading
 * the shipped data once; what reads the originator's position from the store is the CSE's
 * {@link io.bastion.security.acp.LocationSource}. This package uses {@code acp}; {@code acp} does not use it.
 */
package io.bastion.security.location;
