package io.github.kcrecovery.sms.http;

import io.github.kcrecovery.sms.SmsSendException;
import org.keycloak.Config;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The configuration of the generic HTTP gateway, validated once. Built from the server's SPI options or from any
 * map with the same option names (so a realm can later bring its own). Secret values may be vault references
 * ({@code ${vault.key}}); they are resolved at send time, not here.
 */
public record HttpGatewaySettings(
        Method method,
        MessageTemplate url,
        MessageTemplate body,
        ContentType contentType,
        PhoneFormat phoneFormat,
        String from,
        String username,
        String password,
        String apiKey,
        AuthType authType,
        String authHeader,
        String authHeaderPrefix,
        SuccessRule success,
        Duration connectTimeout,
        Duration readTimeout) {

    public static final String METHOD = "method";
    public static final String URL = "url";
    public static final String BODY = "body";
    public static final String CONTENT_TYPE = "content-type";
    public static final String PHONE_FORMAT = "phone-format";
    public static final String FROM = "from";
    public static final String USERNAME = "username";
    public static final String PASSWORD = "password";
    public static final String API_KEY = "api-key";
    public static final String AUTH_TYPE = "auth-type";
    public static final String AUTH_HEADER = "auth-header";
    public static final String AUTH_HEADER_PREFIX = "auth-header-prefix";
    public static final String SUCCESS_STATUS = "success-status";
    public static final String SUCCESS_JSON_POINTER = "success-json-pointer";
    public static final String SUCCESS_JSON_VALUE = "success-json-value";
    public static final String CONNECT_TIMEOUT_MS = "connect-timeout-ms";
    public static final String READ_TIMEOUT_MS = "read-timeout-ms";

    public static final List<String> OPTIONS = List.of(METHOD, URL, BODY, CONTENT_TYPE, PHONE_FORMAT, FROM, USERNAME,
            PASSWORD, API_KEY, AUTH_TYPE, AUTH_HEADER, AUTH_HEADER_PREFIX, SUCCESS_STATUS, SUCCESS_JSON_POINTER,
            SUCCESS_JSON_VALUE, CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS);

    /** Options that decide where and how the request goes: a realm that sets one brings its own credentials. */
    public static final Set<String> SHAPING = Set.of(URL, METHOD, BODY, CONTENT_TYPE, AUTH_TYPE, AUTH_HEADER, AUTH_HEADER_PREFIX);
    /** The server's credentials; never inherited by a realm that sets an option of {@link #SHAPING}. */
    public static final Set<String> CREDENTIALS = Set.of(USERNAME, PASSWORD, API_KEY);

    /** Which option fills which credential placeholder. */
    private static final Map<String, String> PLACEHOLDER_OPTIONS = Map.of(MessageTemplate.FROM, FROM,
            MessageTemplate.USERNAME, USERNAME, MessageTemplate.PASSWORD, PASSWORD, MessageTemplate.API_KEY, API_KEY);

    /** Headers the HTTP client sets itself: an auth header by these names would change where or how it sends. */
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "transfer-encoding",
            "connection", "content-type", "expect", "upgrade", "te", "trailer", "proxy-authorization");

    public enum Method { GET, POST }

    public enum ContentType {
        JSON("application/json; charset=UTF-8", Escaping.JSON),
        FORM("application/x-www-form-urlencoded; charset=UTF-8", Escaping.FORM);

        final String header;
        final Escaping escaping;

        ContentType(String header, Escaping escaping) {
            this.header = header;
            this.escaping = escaping;
        }
    }

    public enum PhoneFormat {
        /** {@code +79161234567} */
        E164,
        /** {@code 79161234567}: what most Russian gateways expect */
        DIGITS;

        String format(String e164) throws SmsSendException {
            if (e164 == null || !e164.matches("\\+[1-9][0-9]{6,14}")) {
                throw new SmsSendException("The destination is not an E.164 number");
            }
            return this == E164 ? e164 : e164.substring(1);
        }
    }

    /** Credentials in the query or body need no auth type: they are placeholders in the templates. */
    public enum AuthType { NONE, BASIC, BEARER, HEADER }

    /** @throws IllegalArgumentException naming the option that is missing or wrong */
    public static HttpGatewaySettings fromMap(Map<String, String> options) {
        Map<String, String> o = new HashMap<>();
        options.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                o.put(k, v);
            }
        });
        if (!o.containsKey(URL)) {
            throw new IllegalArgumentException("option url is required");
        }
        if (!o.get(URL).regionMatches(true, 0, "https://", 0, 8) && !o.get(URL).regionMatches(true, 0, "http://", 0, 7)) {
            throw new IllegalArgumentException("option url must start with https:// or http://");
        }
        Method method = parseEnum(o, METHOD, Method.class, Method.POST);
        if (method == Method.GET && o.containsKey(BODY)) {
            throw new IllegalArgumentException("option body is only sent with method POST");
        }
        MessageTemplate url = template(o, URL);
        MessageTemplate body = o.containsKey(BODY) ? template(o, BODY) : null;
        for (Map.Entry<String, String> e : PLACEHOLDER_OPTIONS.entrySet()) {
            boolean used = url.uses(e.getKey()) || (body != null && body.uses(e.getKey()));
            if (used && !o.containsKey(e.getValue())) {
                throw new IllegalArgumentException("a template uses {" + e.getKey() + "} but option " + e.getValue() + " is not set");
            }
        }
        AuthType authType = parseEnum(o, AUTH_TYPE, AuthType.class, AuthType.NONE);
        switch (authType) {
            case BASIC -> require(o, "auth-type basic", USERNAME, PASSWORD);
            case BEARER -> require(o, "auth-type bearer", API_KEY);
            case HEADER -> {
                require(o, "auth-type header", AUTH_HEADER, API_KEY);
                if (!trimmed(o, AUTH_HEADER).matches("[A-Za-z0-9-]+")
                        || RESERVED_HEADERS.contains(trimmed(o, AUTH_HEADER).toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("option auth-header must be a header name such as Authorization");
                }
            }
            case NONE -> { }
        }
        return new HttpGatewaySettings(
                method,
                url,
                body,
                parseEnum(o, CONTENT_TYPE, ContentType.class, ContentType.JSON),
                parseEnum(o, PHONE_FORMAT, PhoneFormat.class, PhoneFormat.E164),
                o.get(FROM),
                o.get(USERNAME),
                o.get(PASSWORD),
                o.get(API_KEY),
                authType,
                trimmed(o, AUTH_HEADER),
                trimmed(o, AUTH_HEADER_PREFIX),
                SuccessRule.parse(o.getOrDefault(SUCCESS_STATUS, "200-299"), trimmed(o, SUCCESS_JSON_POINTER), o.get(SUCCESS_JSON_VALUE)),
                millis(o, CONNECT_TIMEOUT_MS, 5000),
                millis(o, READ_TIMEOUT_MS, 10000));
    }

    /** Reads every option of {@link #OPTIONS} from the provider's scope ({@code --spi-sms-sender--http--<option>}). */
    public static HttpGatewaySettings fromConfig(Config.Scope config) {
        return fromMap(optionsOf(config));
    }

    /** The options set in the provider's scope, unparsed; unset ones are left out. */
    public static Map<String, String> optionsOf(Config.Scope config) {
        Map<String, String> options = new HashMap<>();
        for (String name : OPTIONS) {
            String value = config.get(name);
            if (value != null) {
                options.put(name, value);
            }
        }
        return options;
    }

    /**
     * A realm's options over the server's, each replacing the server's of the same name (e.g. only {@code from}).
     * A realm that names its own {@code url} brings its own gateway: nothing is inherited. A realm that changes how
     * the request is built ({@link #SHAPING}: method, body, content type, auth) inherits none of the server's
     * {@link #CREDENTIALS}: otherwise a body of {@code {apiKey}} would send the server's key to the realm admin's
     * phone.
     */
    public static Map<String, String> merge(Map<String, String> server, Map<String, String> realm) {
        Map<String, String> own = new HashMap<>();
        realm.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                own.put(k, v);
            }
        });
        Map<String, String> merged = new HashMap<>();
        if (!own.containsKey(URL)) {
            merged.putAll(server);
        }
        if (own.keySet().stream().anyMatch(SHAPING::contains)) {
            merged.keySet().removeAll(CREDENTIALS);
        }
        merged.putAll(own);
        return merged;
    }

    /** The same settings with connect and read timeouts of at most {@code max}. */
    public HttpGatewaySettings withTimeoutsAtMost(Duration max) {
        return new HttpGatewaySettings(method, url, body, contentType, phoneFormat, from, username, password, apiKey,
                authType, authHeader, authHeaderPrefix, success,
                connectTimeout.compareTo(max) > 0 ? max : connectTimeout, readTimeout.compareTo(max) > 0 ? max : readTimeout);
    }

    /** Records print every component; these hold secrets, so they are left out. */
    @Override
    public String toString() {
        return "HttpGatewaySettings[method=" + method + ", contentType=" + contentType + ", phoneFormat=" + phoneFormat
                + ", authType=" + authType + ", success=" + success + ", connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout + "]";
    }

    private static MessageTemplate template(Map<String, String> o, String option) {
        try {
            return MessageTemplate.parse(o.get(option));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option " + option + ": " + e.getMessage());
        }
    }

    private static <E extends Enum<E>> E parseEnum(Map<String, String> o, String option, Class<E> type, E defaultValue) {
        String value = trimmed(o, option);
        if (value == null) {
            return defaultValue;
        }
        for (E candidate : type.getEnumConstants()) {
            if (candidate.name().equalsIgnoreCase(value)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("option " + option + " must be one of "
                + List.of(type.getEnumConstants()).toString().toLowerCase(Locale.ROOT));
    }

    private static Duration millis(Map<String, String> o, String option, int defaultValue) {
        String value = trimmed(o, option);
        try {
            int ms = value == null ? defaultValue : Integer.parseInt(value);
            if (ms > 0) {
                return Duration.ofMillis(ms);
            }
        } catch (NumberFormatException e) {
            // reported below with the same message as a non-positive value
        }
        throw new IllegalArgumentException("option " + option + " must be a positive number of milliseconds");
    }

    private static void require(Map<String, String> o, String what, String... options) {
        for (String option : options) {
            if (!o.containsKey(option)) {
                throw new IllegalArgumentException(what + " needs option " + option);
            }
        }
    }

    private static String trimmed(Map<String, String> o, String option) {
        String value = o.get(option);
        return value == null ? null : value.trim();
    }
}
