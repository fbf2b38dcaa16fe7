package io.github.kcrecovery.benchmark;

import io.github.kcrecovery.testing.Postgres;

import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Fills a realm with bench accounts straight in Keycloak's PostgreSQL schema, for benchmarking only (no admin
 * events, no default-role mappings, no user-profile validation, caches bypassed: run it on a realm nobody uses).
 * Account {@code i} gets exactly the shape of {@link BenchUsers#user(long)}:
 * <ul>
 * <li>{@code user_entity}: id = md5('kcrecovery-bench-'||i) as a UUID, username, email, email_constraint (= id, as
 * Keycloak stores it in realms that allow duplicate emails), email_verified, enabled, first/last name, realm_id
 * (looked up by realm name), created_timestamp, not_before;</li>
 * <li>{@code user_attribute}: phoneNumber, phoneNumberVerified=true, phoneNumberConfirmed (= phoneNumber), birthdate;</li>
 * <li>{@code credential}: a copy of one existing account's password row (same hash for everybody).</li>
 * </ul>
 */
final class UserFill {

    private static final long BATCH = 100_000;

    private final Postgres postgres;
    private final String realm;
    private final String passwordDonor;

    UserFill(Postgres postgres, String realm, String passwordDonor) {
        this.postgres = postgres;
        this.realm = realm;
        this.passwordDonor = passwordDonor;
    }

    /** Adds accounts {@code from} (inclusive) to {@code to} (exclusive), then refreshes the planner statistics. */
    void fill(long from, long to) throws IOException, InterruptedException {
        String credentialColumns = Arrays.stream(postgres.psql("SELECT column_name FROM information_schema.columns "
                        + "WHERE table_name = 'credential' AND column_name NOT IN ('id', 'user_id') ORDER BY ordinal_position")
                .trim().split("\\s+")).collect(Collectors.joining(", "));
        long started = System.nanoTime();
        for (long low = from; low < to; low += BATCH) {
            long high = Math.min(to, low + BATCH) - 1;
            String series = "generate_series(" + low + ", " + high + ") i";
            String id = "md5('kcrecovery-bench-' || i)::uuid::text";
            String name = "'bench-' || lpad(i::text, 7, '0')";
            String phone = "'+7916' || lpad(i::text, 7, '0')";
            postgres.psql("BEGIN;"
                    + "INSERT INTO user_entity (id, email, email_constraint, email_verified, enabled, first_name, last_name,"
                    + " realm_id, username, created_timestamp, not_before)"
                    + " SELECT " + id + ", " + name + " || '" + BenchUsers.EMAIL_DOMAIN + "', " + id + ", true, true,"
                    + " 'Bench', 'User', r.id, " + name + ", (extract(epoch FROM now()) * 1000)::bigint, 0"
                    + " FROM " + series + ", (SELECT id FROM realm WHERE name = '" + realm + "') r;"
                    + "INSERT INTO user_attribute (id, name, value, user_id)"
                    + " SELECT md5('kcrecovery-bench-' || a.name || i)::uuid::text, a.name, CASE a.name"
                    + "  WHEN 'phoneNumberVerified' THEN 'true'"
                    + "  WHEN 'birthdate' THEN to_char(date '1970-01-01' + (i % 15000)::int, 'YYYY-MM-DD')"
                    + "  ELSE " + phone + " END, " + id
                    + " FROM " + series + ", (VALUES ('phoneNumber'), ('phoneNumberVerified'), ('phoneNumberConfirmed'),"
                    + " ('birthdate')) a(name);"
                    + "INSERT INTO credential (id, user_id, " + credentialColumns + ")"
                    + " SELECT md5('kcrecovery-bench-credential-' || i)::uuid::text, " + id + ", " + credentialColumns
                    + " FROM " + series + ", (SELECT c.* FROM credential c JOIN user_entity u ON u.id = c.user_id"
                    + "  JOIN realm r ON r.id = u.realm_id WHERE r.name = '" + realm + "' AND u.username = '"
                    + passwordDonor + "' AND c.type = 'password' LIMIT 1) c;"
                    + "COMMIT;");
            System.out.printf("  filled accounts %d..%d (%d s)%n", low, high, (System.nanoTime() - started) / 1_000_000_000L);
        }
        postgres.psql("ANALYZE user_entity; ANALYZE user_attribute; ANALYZE credential;");
    }

    long count() throws IOException, InterruptedException {
        return Long.parseLong(postgres.psql("SELECT count(*) FROM user_entity u JOIN realm r ON r.id = u.realm_id"
                + " WHERE r.name = '" + realm + "'").trim());
    }
}
