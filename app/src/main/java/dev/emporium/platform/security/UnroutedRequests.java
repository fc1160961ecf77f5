package dev.emporium.platform.security;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Matches requests that no handler would serve: an unknown path, or a known path with a method it
 * does not support. The security chain lets these through unauthenticated so that MVC answers them
 * with 404 or 405 (+ {@code Allow}) — the truthful answer whether or not a token was sent — instead
 * of a 401 that would tell a client its credentials were the problem. Nothing is served by letting
 * them through: by definition no controller runs.
 *
 * <p>Asks the same {@link HandlerMapping}s, in the same order, that the {@code DispatcherServlet}
 * consults. The parsed request path is cached on the request only for the lookup and restored
 * afterwards, so MVC later parses the request exactly as it would have.
 */
final class UnroutedRequests implements RequestMatcher {

    private final ApplicationContext context;
    private volatile @Nullable List<HandlerMapping> mappings;

    UnroutedRequests(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public boolean matches(HttpServletRequest request) {
        Object previousPath = request.getAttribute(ServletRequestPathUtils.PATH_ATTRIBUTE);
        ServletRequestPathUtils.parseAndCache(request);
        try {
            for (HandlerMapping mapping : mappings()) {
                if (mapping.getHandler(request) != null) {
                    return false;
                }
            }
            return true;
        } catch (HttpRequestMethodNotSupportedException e) {
            return true;
        } catch (Exception e) {
            // Whatever else the lookup objects to (a bad media type, ...) is for MVC to answer; the
            // request stays subject to the ordinary rules here.
            return false;
        } finally {
            if (previousPath == null) {
                ServletRequestPathUtils.clearParsedRequestPath(request);
            } else {
                request.setAttribute(ServletRequestPathUtils.PATH_ATTRIBUTE, previousPath);
            }
        }
    }

    private List<HandlerMapping> mappings() {
        List<HandlerMapping> found = mappings;
        if (found == null) {
            found = new ArrayList<>(
                    BeanFactoryUtils.beansOfTypeIncludingAncestors(context, HandlerMapping.class, true, false)
                            .values());
            AnnotationAwareOrderComparator.sort(found);
            mappings = found = List.copyOf(found);
        }
        return found;
    }
}
