/**
 * Schedules (TS-0001 9.6.9, TS-0004 7.4.9): the {@code <schedule>} resource ({@link io.bastion.cse.schedule.ScheduleBehaviour}),
 * the windows of every stored schedule by the resource it belongs to ({@link io.bastion.cse.schedule.ScheduleWindows}:
 * "is it inside its schedule at t, and when does the next window open"), and the notifications held outside a
 * subscription's notificationSchedule or a receiver's reachability schedule until a window opens
 * ({@link io.bastion.cse.schedule.PendingNotifications}, TS-0004 7.5.1.2.2 steps 3.0 to 6.0).
 */
package io.bastion.cse.schedule;
