/**
 * The project's outside contract in code, written once: topic names ({@link dev.smartcar.schemas.contract.Topics}),
 * record header names ({@link dev.smartcar.schemas.contract.HeaderNames}), the Redis layout of the over-speed
 * alerts ({@link dev.smartcar.schemas.contract.RedisLayout}) and the HBase layout of the raw records
 * ({@link dev.smartcar.schemas.contract.HBaseLayout}), and the duration grammar of the command lines that scripts
 * and make targets write ({@link dev.smartcar.schemas.contract.DurationText}). The prose is {@code docs/contract.md}.
 *
 * <p>Plain constants and pure functions on the JDK alone, so any module (and the single-file tools under
 * {@code bench/} and {@code stack/}) can use them without pulling anything in. The names here are the defaults;
 * where a program lets a setting rename something (a topic, the detail-key pattern), the setting's default is
 * this value. Files that must repeat a name (connector JSON, {@code streams-app.properties},
 * {@code stack/conf/topics.conf}, {@code stack/conf/stack.env}) are checked against this package by
 * {@code ContractConfigFilesTest}.
 */
package dev.smartcar.schemas.contract;
