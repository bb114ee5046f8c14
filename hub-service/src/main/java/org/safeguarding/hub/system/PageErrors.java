package org.safeguarding.hub.system;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * A bad address on a page ({@code /directory/schools/abc}: 400; an alert or school that does not exist: 404) gets the
 * GOV.UK error page, not the API's problem JSON that Spring's problem-details handler would give every caller. The
 * error is sent as the servlet error it is, so /error renders it like any other; the API keeps its problem details.
 */
@Component
class PageErrors implements HandlerExceptionResolver, Ordered {

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
            Exception e) {
        int status;
        if (e instanceof TypeMismatchException) {
            status = 400;
        } else if (e instanceof ErrorResponse error) {
            status = error.getStatusCode().value();
        } else {
            return null;
        }
        if (!isPage(request, handler)) {
            return null;
        }
        try {
            response.sendError(status);
        } catch (IOException ignored) {
            return null;
        }
        return new ModelAndView();
    }

    private static boolean isPage(HttpServletRequest request, Object handler) {
        if (handler instanceof HandlerMethod method) {
            return !AnnotatedElementUtils.hasAnnotation(method.getBeanType(), ResponseBody.class)
                    && !method.hasMethodAnnotation(ResponseBody.class);
        }
        String path = request.getRequestURI();
        return !path.startsWith("/api/") && !path.startsWith("/actuator");
    }

    /** Before the @ExceptionHandler methods and their problem details. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }
}
