/**
 * Receiving notifications: {@link io.bastion.client.notification.NotificationReceiver}, an HTTP endpoint on a chosen
 * address that answers a CSE's NOTIFY requests as TS-0009 says, checks subscription verification requests (TS-0004
 * 7.5.1.2.3) and hands each {@link io.bastion.client.notification.Notification} to the application.
 */
package io.bastion.client.notification;
