package dev.smartcar.cli.pilot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.smartcar.cli.BootstrapServers;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;
import org.junit.jupiter.api.Test;

/** The status day's cap against the test stack's broker: on the spool source's producer for the run, then gone. */
class StatusQuotaIT {

    static final String BOOTSTRAP = System.getProperty("smartcar.it.bootstrap");

    @Test
    void theCapIsOnTheSpoolSourcesProducerDuringTheRunAndGoneAfterIt() throws Exception {
        StringWriter text = new StringWriter();
        try (PipelineOffsets kafka = new PipelineOffsets(BootstrapServers.parse(BOOTSTRAP, "smartcar.it.bootstrap"));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP))) {
            try (StatusQuota quota = StatusQuota.apply(kafka, 409_600, new PrintWriter(text, true))) {
                assertEquals(Map.of("producer_byte_rate", 409_600.0), awaitQuota(admin, false));
            }
            assertEquals(Map.of(), awaitQuota(admin, true), "removed when the run ends");
        }
        assertTrue(text.toString().contains("capped at 409,600 bytes/s by a Kafka quota on "
                + StatusQuota.CLIENT_ID), text.toString());
    }

    /** The client id's quotas once they are (or are not, {@code empty}) there, or as they are after 15 s. */
    private static Map<String, Double> awaitQuota(Admin admin, boolean empty) throws Exception {
        ClientQuotaEntity client = new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, StatusQuota.CLIENT_ID));
        ClientQuotaFilter filter = ClientQuotaFilter.containsOnly(List.of(
                ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.CLIENT_ID, StatusQuota.CLIENT_ID)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            Map<String, Double> quotas = admin.describeClientQuotas(filter).entities().get(10, TimeUnit.SECONDS)
                    .getOrDefault(client, Map.of());
            if (quotas.isEmpty() == empty || System.nanoTime() > deadline) {
                return quotas;
            }
            Thread.sleep(100);
        }
    }
}
