/**
 * The MQTT binding (TS-0010): the CSE is a client of an MQTT broker, receives requests on
 * {@code /oneM2M/req/+/<its CSE-ID>/#} and {@code /oneM2M/reg_req/+/<its CSE-ID>/#} and answers on the matching
 * response topics ({@link io.bastion.bindings.mqtt.MqttRequestHandler}), and sends requests and notifications to
 * entities whose point of access is on that broker ({@link io.bastion.bindings.mqtt.MqttRequestTransport}). Over MQTT
 * the CSE sees topics, not clients: who published a request is the broker's knowledge, which its ACL ties to the
 * topic's originator level; the door refuses a request whose {@code fr} is not that originator (4106) and never counts
 * as a security association.
 */
package io.bastion.bindings.mqtt;
