package org.safeguarding.hub.approval;

import org.safeguarding.hub.routes.approval.ApprovalNoticeRoute;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The routes that send approval notices and reminders (module {@code routes}, package approval). */
@Configuration(proxyBeanMethods = false)
class ApprovalRoutes {

    @Bean
    ApprovalNoticeRoute approvalNoticeRoute() {
        return new ApprovalNoticeRoute();
    }
}
