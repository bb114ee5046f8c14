package db.migration.h2;

import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * H2 counterpart of postgresql/V16: a delivery may end BOUNCED. H2 named the status check itself when V4 created
 * it, so the name is looked up rather than assumed.
 */
public class V16__delivery_bounced extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement sql = context.getConnection().createStatement()) {
            String name;
            try (ResultSet check = sql.executeQuery("""
                    select c.constraint_name from information_schema.check_constraints c
                    join information_schema.table_constraints t on t.constraint_name = c.constraint_name
                    where lower(t.table_name) = 'delivery' and c.check_clause like '%UNREACHABLE%'""")) {
                if (!check.next()) {
                    throw new IllegalStateException("the delivery status check is missing");
                }
                name = check.getString(1);
            }
            sql.execute("alter table delivery drop constraint \"" + name.replace("\"", "") + "\"");
            sql.execute("""
                    alter table delivery add constraint delivery_status_check
                      check (status in ('QUEUED', 'SENT', 'RETRYING', 'FAILED', 'UNREACHABLE', 'DELIVERED', 'BOUNCED'))""");
        }
    }
}
