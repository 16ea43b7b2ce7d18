package dev.smartcar.cli.pilot;

import dev.smartcar.cli.BootstrapServers;
import dev.smartcar.cli.KafkaClientSettings;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;

/**
 * A Kafka produce quota on the spool source's producer for the length of a run ({@code --status-quota}): the
 * broker holds the status day's collection to that many bytes a second, so on a host the day shares with a large
 * fleet's drivers it does not take the cores their alerts need (issue #26). Removed when the run ends; a broker
 * that refuses it (no right to alter quotas) leaves the day at full speed, and the run says so.
 */
final class StatusQuota implements AutoCloseable {

    /** The spool source's producer as Connect names it: its connector's name and task 0 (the source has one). */
    static final String CLIENT_ID = "connector-producer-smartcar-status-spooldir-0";
    private static final String PRODUCER_BYTE_RATE = "producer_byte_rate";
    private static final long TIMEOUT_S = 10;

    private final Admin admin;
    private final ClientQuotaEntity entity = new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, CLIENT_ID));
    private final PrintWriter out;
    private boolean set;

    private StatusQuota(Admin admin, PrintWriter out) {
        this.admin = admin;
        this.out = out;
    }

    /** Sets the quota ({@code bytesPerSecond} > 0), or does nothing at 0. */
    static StatusQuota apply(BootstrapServers bootstrap, long bytesPerSecond, PrintWriter out) {
        if (bytesPerSecond <= 0) {
            return new StatusQuota(null, out);
        }
        Properties settings = new Properties();
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap.toString());
        settings.put(AdminClientConfig.CLIENT_ID_CONFIG, "smartcar-pilot-quota");
        KafkaClientSettings.addTo(settings);
        StatusQuota quota = new StatusQuota(Admin.create(settings), out);
        quota.set = quota.alter((double) bytesPerSecond);
        out.println(quota.set
                ? String.format(Locale.ROOT, "  status day  capped at %,d bytes/s by a Kafka quota on %s for this run"
                        + " (--status-quota 0: none)", bytesPerSecond, CLIENT_ID)
                : "  status day  at full speed: the broker did not take the quota on " + CLIENT_ID);
        return quota;
    }

    /** Sets ({@code rate}) or removes (null) the quota; false, with the reason printed, when the broker refuses. */
    private boolean alter(Double rate) {
        try {
            admin.alterClientQuotas(List.of(new ClientQuotaAlteration(entity,
                    List.of(new ClientQuotaAlteration.Op(PRODUCER_BYTE_RATE, rate))))).all()
                    .get(TIMEOUT_S, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            out.println("  quota on " + CLIENT_ID + " not " + (rate == null ? "removed" : "set") + ": "
                    + (e.getCause() != null ? e.getCause() : e));
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (admin == null) {
            return;
        }
        if (set && !alter(null)) {
            out.println("  remove it by hand: kafka-configs --alter --delete-config " + PRODUCER_BYTE_RATE
                    + " --entity-type clients --entity-name " + CLIENT_ID);
        }
        admin.close();
    }
}
