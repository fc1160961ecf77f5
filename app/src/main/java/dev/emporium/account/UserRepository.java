package dev.emporium.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code users}. Emails are matched through {@code lower(email)}, the unique index's expression. */
@Repository
class UserRepository {

    /** Inserts unless the email is taken (any case); answers the new id, or nothing when taken. */
    static final String INSERT_IF_EMAIL_FREE = """
            insert into users (email, password_hash, name, role)
            values (:email, :passwordHash, :name, :role)
            on conflict ((lower(email))) do nothing
            returning id
            """;

    static final String ACCOUNT_BY_ID = """
            select id, email, name, role, created_at
              from users
             where id = :id
            """;

    static final String ACCOUNT_BY_EMAIL = """
            select id, email, name, role, created_at
              from users
             where lower(email) = lower(:email)
            """;

    static final String CREDENTIALS_BY_EMAIL = """
            select id, role, password_hash
              from users
             where lower(email) = lower(:email)
            """;

    static final String ROLE_BY_ID_FOR_UPDATE = """
            select role
              from users
             where id = :id
               for update
            """;

    static final String UPDATE_ROLE = """
            update users
               set role = :role
             where id = :id
            """;

    private static final RowMapper<Account> ACCOUNT = UserRepository::account;

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Long> insertIfEmailFree(String email, String passwordHash, String name, Role role) {
        return jdbc.sql(INSERT_IF_EMAIL_FREE)
                .param("email", email)
                .param("passwordHash", passwordHash)
                .param("name", name)
                .param("role", role.name())
                .query(Long.class)
                .optional();
    }

    Optional<Account> findById(long id) {
        return jdbc.sql(ACCOUNT_BY_ID).param("id", id).query(ACCOUNT).optional();
    }

    Optional<Account> findByEmail(String email) {
        return jdbc.sql(ACCOUNT_BY_EMAIL).param("email", email).query(ACCOUNT).optional();
    }

    Optional<Credentials> findCredentials(String email) {
        return jdbc.sql(CREDENTIALS_BY_EMAIL)
                .param("email", email)
                .query((rs, n) -> new Credentials(
                        rs.getLong("id"), Role.valueOf(rs.getString("role")), rs.getString("password_hash")))
                .optional();
    }

    /** Locks the user's row for the rest of the transaction and answers its current role. */
    Optional<Role> lockRole(long id) {
        return jdbc.sql(ROLE_BY_ID_FOR_UPDATE)
                .param("id", id)
                .query(String.class)
                .optional()
                .map(Role::valueOf);
    }

    void updateRole(long id, Role role) {
        jdbc.sql(UPDATE_ROLE).param("id", id).param("role", role.name()).update();
    }

    private static Account account(ResultSet rs, int row) throws SQLException {
        return new Account(
                rs.getLong("id"),
                rs.getString("email"),
                rs.getString("name"),
                Role.valueOf(rs.getString("role")),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    /** What a login needs to check a password; kept apart from {@link Account} so the hash never travels far. */
    record Credentials(long userId, Role role, String passwordHash) {}
}
