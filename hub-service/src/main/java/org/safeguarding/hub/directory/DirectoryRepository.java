package org.safeguarding.hub.directory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.safeguarding.hub.directory.Establishment.Coded;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The school directory's SQL: establishments and their safeguarding contacts. Portable across H2 and PostgreSQL. */
@Repository
public class DirectoryRepository {

    private static final String ESTABLISHMENT_COLUMNS = """
            urn, name, la_code, la_name, district_code, district_name, phase_code, phase_name, type_code, type_name,
            type_group_code, type_group_name, status_code, status_name, postcode, town, telephone, website, head_name,
            last_imported_at""";

    /** Open in GIAS terms: 1 Open, 3 Open but proposed to close. */
    static final String OPEN = "e.status_code in ('1', '3')";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;

    DirectoryRepository(JdbcClient jdbc, NamedParameterJdbcTemplate named) {
        this.jdbc = jdbc;
        this.named = named;
    }

    // ---- establishments

    Map<Long, String> contentHashes(Collection<Long> urns) {
        Map<Long, String> hashes = new HashMap<>();
        jdbc.sql("select urn, content_hash from establishment where urn in (:urns)")
                .param("urns", urns)
                .query(rs -> {
                    hashes.put(rs.getLong("urn"), rs.getString("content_hash"));
                });
        return hashes;
    }

    void insertEstablishments(List<Establishment> rows, Map<Long, String> hashes, OffsetDateTime now) {
        if (rows.isEmpty()) {
            return;
        }
        named.batchUpdate("insert into establishment (" + ESTABLISHMENT_COLUMNS + ", content_hash) values ("
                + ":urn, :name, :la_code, :la_name, :district_code, :district_name, :phase_code, :phase_name, "
                + ":type_code, :type_name, :type_group_code, :type_group_name, :status_code, :status_name, "
                + ":postcode, :town, :telephone, :website, :head_name, :now, :hash)", parameters(rows, hashes, now));
    }

    void updateEstablishments(List<Establishment> rows, Map<Long, String> hashes, OffsetDateTime now) {
        if (rows.isEmpty()) {
            return;
        }
        named.batchUpdate("""
                update establishment set name = :name, la_code = :la_code, la_name = :la_name,
                  district_code = :district_code, district_name = :district_name, phase_code = :phase_code,
                  phase_name = :phase_name, type_code = :type_code, type_name = :type_name,
                  type_group_code = :type_group_code, type_group_name = :type_group_name, status_code = :status_code,
                  status_name = :status_name, postcode = :postcode, town = :town, telephone = :telephone,
                  website = :website, head_name = :head_name, last_imported_at = :now, content_hash = :hash
                where urn = :urn""", parameters(rows, hashes, now));
    }

    void touchEstablishments(List<Long> urns, OffsetDateTime now) {
        if (urns.isEmpty()) {
            return;
        }
        jdbc.sql("update establishment set last_imported_at = :now where urn in (:urns)")
                .param("now", now).param("urns", urns).update();
    }

    private static SqlParameterSource[] parameters(List<Establishment> rows, Map<Long, String> hashes,
            OffsetDateTime now) {
        SqlParameterSource[] all = new SqlParameterSource[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Establishment e = rows.get(i);
            MapSqlParameterSource p = new MapSqlParameterSource()
                    .addValue("urn", e.urn()).addValue("name", e.name())
                    .addValue("postcode", e.postcode()).addValue("town", e.town())
                    .addValue("telephone", e.telephone()).addValue("website", e.website())
                    .addValue("head_name", e.headName())
                    .addValue("now", now).addValue("hash", hashes.get(e.urn()));
            coded(p, "la", e.localAuthority());
            coded(p, "district", e.district());
            coded(p, "phase", e.phase());
            coded(p, "type", e.type());
            coded(p, "type_group", e.typeGroup());
            coded(p, "status", e.status());
            all[i] = p;
        }
        return all;
    }

    private static void coded(MapSqlParameterSource p, String prefix, Coded coded) {
        p.addValue(prefix + "_code", coded == null ? null : coded.code());
        p.addValue(prefix + "_name", coded == null ? null : coded.name());
    }

    public Optional<Establishment> findEstablishment(long urn) {
        return jdbc.sql("select " + ESTABLISHMENT_COLUMNS + " from establishment where urn = :urn")
                .param("urn", urn)
                .query(DirectoryRepository::establishment)
                .optional();
    }

    private static Establishment establishment(ResultSet rs, int n) throws SQLException {
        return new Establishment(rs.getLong("urn"), rs.getString("name"),
                coded(rs, "la"), coded(rs, "district"), coded(rs, "phase"), coded(rs, "type"),
                coded(rs, "type_group"), coded(rs, "status"),
                rs.getString("postcode"), rs.getString("town"), rs.getString("telephone"), rs.getString("website"),
                rs.getString("head_name"), rs.getObject("last_imported_at", OffsetDateTime.class));
    }

    private static Coded coded(ResultSet rs, String prefix) throws SQLException {
        String code = rs.getString(prefix + "_code");
        String name = rs.getString(prefix + "_name");
        return code == null && name == null ? null : new Coded(code, name);
    }

    /** Schools matching the page's search, with how many contacts each has. */
    public List<SchoolSummary> search(DirectorySearch search) {
        StringBuilder sql = new StringBuilder("""
                select e.urn, e.name, e.la_name, e.phase_name, e.type_name, e.status_code, e.status_name,
                  count(c.id) as contacts,
                  sum(case when c.role in ('DSL', 'DEPUTY_DSL') then 1 else 0 end) as safeguarding_contacts
                from establishment e left join safeguarding_contact c on c.urn = e.urn
                where 1 = 1""");
        MapSqlParameterSource p = new MapSqlParameterSource();
        if (search.text() != null) {
            sql.append(" and (lower(e.name) like :text or cast(e.urn as varchar(20)) = :exact)");
            p.addValue("text", "%" + search.text().toLowerCase() .replace("%", "\\%").replace("_", "\\_") + "%");
            p.addValue("exact", search.text());
        }
        if (search.laCode() != null) {
            sql.append(" and e.la_code = :la");
            p.addValue("la", search.laCode());
        }
        if (search.phase() != null) {
            sql.append(" and e.phase_name = :phase");
            p.addValue("phase", search.phase());
        }
        if (!search.includeClosed()) {
            sql.append(" and ").append(OPEN);
        }
        sql.append(" group by e.urn, e.name, e.la_name, e.phase_name, e.type_name, e.status_code, e.status_name");
        if (search.onlyMissingContact()) {
            sql.append(" having sum(case when c.role in ('DSL', 'DEPUTY_DSL') then 1 else 0 end) = 0");
        }
        sql.append(" order by e.name, e.urn limit :limit offset :offset");
        p.addValue("limit", search.pageSize()).addValue("offset", (long) search.page() * search.pageSize());
        return named.query(sql.toString(), p, (rs, n) -> new SchoolSummary(rs.getLong("urn"), rs.getString("name"),
                rs.getString("la_name"), rs.getString("phase_name"), rs.getString("type_name"),
                rs.getString("status_name"), isOpen(rs.getString("status_code")), rs.getInt("contacts"),
                rs.getInt("safeguarding_contacts")));
    }

    private static boolean isOpen(String statusCode) {
        return "1".equals(statusCode) || "3".equals(statusCode);
    }

    /** Open establishments that nobody would be alerted at. */
    public int countOpenWithoutSafeguardingContact() {
        return jdbc.sql("select count(*) from establishment e where " + OPEN + " and not exists ("
                        + "select 1 from safeguarding_contact c where c.urn = e.urn and c.role in ('DSL', 'DEPUTY_DSL'))")
                .query(Integer.class).single();
    }

    public int countEstablishments() {
        return jdbc.sql("select count(*) from establishment").query(Integer.class).single();
    }

    /** Local authorities in the directory, code → name, for filters and targeting. */
    public List<Coded> localAuthorities() {
        return jdbc.sql("select distinct la_code, la_name from establishment where la_code is not null order by la_name")
                .query((rs, n) -> new Coded(rs.getString("la_code"), rs.getString("la_name"))).list();
    }

    public List<String> districts() {
        return jdbc.sql("select distinct district_name from establishment where district_name is not null order by district_name")
                .query(String.class).list();
    }

    public List<String> establishmentTypes() {
        return jdbc.sql("select distinct type_name from establishment where type_name is not null order by type_name")
                .query(String.class).list();
    }

    public List<String> phases() {
        return jdbc.sql("select distinct phase_name from establishment where phase_name is not null order by phase_name")
                .query(String.class).list();
    }

    // ---- safeguarding contacts

    public List<SafeguardingContact> contactsOf(long urn) {
        return jdbc.sql("select urn, role, name, email, mobile from safeguarding_contact where urn = :urn "
                        + "order by case role when 'DSL' then 1 when 'DEPUTY_DSL' then 2 when 'HEAD' then 3 else 4 end, name")
                .param("urn", urn)
                .query((rs, n) -> new SafeguardingContact(rs.getLong("urn"), ContactRole.valueOf(rs.getString("role")),
                        rs.getString("name"), rs.getString("email"), rs.getString("mobile")))
                .list();
    }

    /** A contact's address that bounced an alert email: when it last did, and why. */
    public record Bounce(OffsetDateTime at, String reason) {
    }

    /** The school's contacts' email addresses (lower case) that have bounced, with their last bounce. */
    public Map<String, Bounce> lastBounces(long urn) {
        Map<String, Bounce> bounces = new HashMap<>();
        jdbc.sql("""
                select b.address, b.received_at, b.reason from email_bounce b
                join safeguarding_contact c on lower(c.email) = b.address and c.urn = :urn
                order by b.received_at""")
                .param("urn", urn)
                .query(rs -> {
                    bounces.put(rs.getString("address"),
                            new Bounce(rs.getObject("received_at", OffsetDateTime.class), rs.getString("reason")));
                });
        return bounces;
    }

    Set<Long> existingUrns(Collection<Long> urns) {
        return new HashSet<>(jdbc.sql("select urn from establishment where urn in (:urns)")
                .param("urns", urns).query(Long.class).list());
    }

    /** The stored contacts for these people (urn, role, name), keyed by {@link #personKey}. */
    Map<String, SafeguardingContact> contactsFor(Collection<Long> urns) {
        Map<String, SafeguardingContact> found = new HashMap<>();
        jdbc.sql("select urn, role, name, email, mobile from safeguarding_contact where urn in (:urns)")
                .param("urns", urns)
                .query(rs -> {
                    SafeguardingContact c = new SafeguardingContact(rs.getLong("urn"),
                            ContactRole.valueOf(rs.getString("role")), rs.getString("name"), rs.getString("email"),
                            rs.getString("mobile"));
                    found.put(personKey(c), c);
                });
        return found;
    }

    static String personKey(SafeguardingContact c) {
        return c.urn() + "\u001f" + c.role() + "\u001f" + c.name();
    }

    void insertContacts(List<SafeguardingContact> contacts, String importId, OffsetDateTime now) {
        if (!contacts.isEmpty()) {
            named.batchUpdate("""
                    insert into safeguarding_contact (urn, role, name, email, mobile, last_import, updated_at)
                    values (:urn, :role, :name, :email, :mobile, :importId, :now)""",
                    contactParameters(contacts, importId, now));
        }
    }

    /** Rewrites the contact details and stamps the import, for changed and unchanged contacts alike. */
    void updateContacts(List<SafeguardingContact> contacts, String importId, OffsetDateTime now) {
        if (!contacts.isEmpty()) {
            named.batchUpdate("""
                    update safeguarding_contact set email = :email, mobile = :mobile, last_import = :importId,
                      updated_at = :now
                    where urn = :urn and role = :role and name = :name""",
                    contactParameters(contacts, importId, now));
        }
    }

    private static SqlParameterSource[] contactParameters(List<SafeguardingContact> contacts, String importId,
            OffsetDateTime now) {
        List<SqlParameterSource> all = new ArrayList<>(contacts.size());
        for (SafeguardingContact c : contacts) {
            all.add(new MapSqlParameterSource().addValue("urn", c.urn()).addValue("role", c.role().name())
                    .addValue("name", c.name()).addValue("email", c.email()).addValue("mobile", c.mobile())
                    .addValue("importId", importId).addValue("now", now));
        }
        return all.toArray(SqlParameterSource[]::new);
    }

    /** Removes contacts of these schools that the import {@code importId} did not list again. */
    int retireContactsNotIn(Collection<Long> urns, String importId) {
        return jdbc.sql("delete from safeguarding_contact where urn in (:urns) and last_import <> :importId")
                .param("urns", urns).param("importId", importId).update();
    }
}
