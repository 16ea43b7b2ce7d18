/**
 * The project's one schema-registry client and Avro serde, in the Confluent wire format (magic byte 0, 4-byte
 * schema id, Avro binary) with TopicNameStrategy subjects ({@code <topic>-value}), configured with Confluent's
 * key {@code schema.registry.url}. Confluent's own serdes are not on Maven Central; this talks only to the
 * Confluent-compatible REST API (Apicurio's {@code /apis/ccompat/v7} here), so it also works against a real
 * Confluent registry. {@code mock://name} gives an in-process registry for TopologyTestDriver tests.
 * {@link dev.smartcar.schemas.registry.SchemaRegistration} registers the project's subjects ({@code make deploy}).
 */
package dev.smartcar.schemas.registry;
