package io.github.kcrecovery.sms.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** How a value is encoded where a template puts it: the same text needs different escaping in a URL, a form or JSON. */
public enum Escaping {

    /** Query or path part of a URL: UTF-8 percent-encoding, space as {@code %20} (a {@code +} would mean space only in forms). */
    URL {
        @Override
        String escape(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
        }
    },

    /** {@code application/x-www-form-urlencoded} body. */
    FORM {
        @Override
        String escape(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    },

    /** Inside a JSON string literal (the template supplies the quotes); non-ASCII stays as UTF-8. */
    JSON {
        @Override
        String escape(String value) {
            return new String(JsonStringEncoder.getInstance().quoteAsString(value));
        }
    };

    abstract String escape(String value);
}
