package io.github.kcrecovery.benchmark;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The accounts the load driver recovers, and identifiers nobody has. Account {@code i} is {@code bench-<i>} with
 * email {@code bench-<i>@bench.local}, the confirmed RU mobile {@code +7916<i, 7 digits>} and a birth date derived
 * from {@code i}; the SQL fill of {@link UserFill} produces exactly the same shape, so both can be looked up alike.
 */
final class BenchUsers {

    static final String EMAIL_DOMAIN = "@bench.local";

    record BenchUser(String username, String email, String phone, String birthdate) {

        /** The digits the masked number hides: the national number without its last two. */
        String hiddenDigits() {
            String national = phone.substring(2);
            return national.substring(0, national.length() - 2);
        }
    }

    private BenchUsers() {
    }

    static BenchUser user(long i) {
        String username = String.format("bench-%07d", i);
        return new BenchUser(username, username + EMAIL_DOMAIN, String.format("+7916%07d", i), birthdate(i));
    }

    /** An identifier of the same shape that no account has ({@code +7917...} numbers are never filled). */
    static BenchUser unknown(long i) {
        String username = String.format("nobody-%07d", i);
        return new BenchUser(username, username + EMAIL_DOMAIN, String.format("+7917%07d", i), birthdate(i));
    }

    static String birthdate(long i) {
        return LocalDate.of(1970, 1, 1).plusDays(i % 15000).toString();
    }

    /** UserRepresentations for the admin API (no password: recovery does not need one). */
    static List<Map<String, Object>> representations(int count) {
        List<Map<String, Object>> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            BenchUser u = user(i);
            Map<String, Object> rep = new HashMap<>();
            rep.put("username", u.username());
            rep.put("email", u.email());
            rep.put("emailVerified", true);
            rep.put("enabled", true);
            rep.put("firstName", "Bench");
            rep.put("lastName", "User");
            rep.put("attributes", Map.of(
                    "phoneNumber", List.of(u.phone()),
                    "phoneNumberVerified", List.of("true"),
                    "phoneNumberConfirmed", List.of(u.phone()),
                    "birthdate", List.of(u.birthdate())));
            users.add(rep);
        }
        return users;
    }
}
