package dev.emporium.supply;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for {@code suppliers}. */
@Repository
class SupplierRepository {

    static final String COLUMNS = "id, name, email, currency, account_id, active, created_at, updated_at";

    static final String INSERT = """
            insert into suppliers (name, email, currency, account_id)
            values (:name, :email, :currency, :accountId)
            returning id, name, email, currency, account_id, active, created_at, updated_at
            """;

    static final String BY_ID = "select " + COLUMNS + """

              from suppliers
             where id = :id
            """;

    /** Fields given as null keep their value; {@code updated_at} always moves. */
    static final String UPDATE = """
            update suppliers
               set name = coalesce(:name, name),
                   email = coalesce(:email, email),
                   active = coalesce(:active, active),
                   updated_at = now()
             where id = :id
            returning id, name, email, currency, account_id, active, created_at, updated_at
            """;

    /** A page by id (keyset), optionally only active or inactive suppliers. */
    static final String PAGE = "select " + COLUMNS + """

              from suppliers
             where id > :afterId
               and (cast(:active as boolean) is null or active = cast(:active as boolean))
             order by id
             limit :limit
            """;

    static final String COUNT_CAPPED = """
            select count(*)
              from (select 1
                      from suppliers
                     where cast(:active as boolean) is null or active = cast(:active as boolean)
                     limit :cap + 1) capped
            """;

    /** The active suppliers among these ids (the CSV import checks every line's supplier in one statement). */
    static final String ACTIVE_AMONG = """
            select id, active
              from suppliers
             where id = any (cast(:ids as bigint[]))
            """;

    private final JdbcClient jdbc;

    SupplierRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Supplier insert(String name, @Nullable String email, String currency, long accountId) {
        return jdbc.sql(INSERT)
                .param("name", name)
                .param("email", email, Types.VARCHAR)
                .param("currency", currency)
                .param("accountId", accountId)
                .query(SupplierRepository::supplier)
                .single();
    }

    Optional<Supplier> byId(long id) {
        return jdbc.sql(BY_ID)
                .param("id", id)
                .query(SupplierRepository::supplier)
                .optional();
    }

    Optional<Supplier> update(long id, @Nullable String name, @Nullable String email, @Nullable Boolean active) {
        return jdbc.sql(UPDATE)
                .param("id", id)
                .param("name", name, Types.VARCHAR)
                .param("email", email, Types.VARCHAR)
                .param("active", active, Types.BOOLEAN)
                .query(SupplierRepository::supplier)
                .optional();
    }

    List<Supplier> page(long afterId, @Nullable Boolean active, int limit) {
        return jdbc.sql(PAGE)
                .param("afterId", afterId)
                .param("active", active, Types.BOOLEAN)
                .param("limit", limit)
                .query(SupplierRepository::supplier)
                .list();
    }

    long countCapped(@Nullable Boolean active, int cap) {
        return jdbc.sql(COUNT_CAPPED)
                .param("active", active, Types.BOOLEAN)
                .param("cap", cap)
                .query((rs, n) -> rs.getLong(1))
                .single();
    }

    /** Supplier id → active, for those of the ids that exist. */
    java.util.Map<Long, Boolean> activeAmong(List<Long> ids) {
        java.util.Map<Long, Boolean> found = new java.util.HashMap<>();
        jdbc.sql(ACTIVE_AMONG).param("ids", ArrayLiterals.of(ids)).query(rs -> {
            found.put(rs.getLong(1), rs.getBoolean(2));
        });
        return found;
    }

    private static Supplier supplier(ResultSet rs, int row) throws SQLException {
        return new Supplier(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getLong(5),
                rs.getBoolean(6),
                rs.getObject(7, OffsetDateTime.class).toInstant(),
                rs.getObject(8, OffsetDateTime.class).toInstant());
    }
}
