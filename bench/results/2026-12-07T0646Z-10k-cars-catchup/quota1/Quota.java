import java.util.*;
import org.apache.kafka.clients.admin.*;
import org.apache.kafka.common.quota.*;
/** Quota BOOTSTRAP CLIENT_ID BYTES_PER_S: sets producer_byte_rate for that client id (experiment only). */
public class Quota {
    public static void main(String[] a) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", a[0]))) {
            ClientQuotaEntity entity = new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, a[1]));
            admin.alterClientQuotas(List.of(new ClientQuotaAlteration(entity,
                    List.of(new ClientQuotaAlteration.Op("producer_byte_rate", Double.parseDouble(a[2])))))).all().get();
            System.out.println(admin.describeClientQuotas(ClientQuotaFilter.all()).entities().get());
        }
    }
}
