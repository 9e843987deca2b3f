/**
 * The {@code <timeSeries>} and {@code <timeSeriesInstance>} resource types (TS-0001 9.6.36, 9.6.37; TS-0004 7.4.38,
 * 7.4.39): instances kept as a container keeps its contentInstances, data generation times unique per timeSeries,
 * and the detection of missing data points with its reports to subscriptions (TS-0001 10.2.4.29).
 */
package io.bastion.cse.timeseries;
