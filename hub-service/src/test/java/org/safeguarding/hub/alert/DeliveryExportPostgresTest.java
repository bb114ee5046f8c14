package org.safeguarding.hub.alert;

import org.safeguarding.hub.support.OnRealPostgres;
import org.springframework.test.annotation.DirtiesContext;

/** The export on PostgreSQL, where it streams through a cursor (fetch size, in a read-only transaction). */
@DirtiesContext
class DeliveryExportPostgresTest extends DeliveryExportTest implements OnRealPostgres {
}
