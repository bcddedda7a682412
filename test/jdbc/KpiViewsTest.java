/*
 * test/jdbc/KpiViewsTest.java
 *
 * A real BI client's view of employment_kpi: the PostgreSQL JDBC driver (what
 * Metabase uses) discovers every kpi_* relation through DatabaseMetaData,
 * checks the view and every column carry a description (REMARKS), reads every
 * row of every view, and checks every column maps to a standard JDBC type.
 * It also checks that the connecting role (a plain reader) cannot read the
 * mv_* storage behind the views.
 *
 * Usage: java -cp .:postgresql.jar KpiViewsTest JDBC_URL [MIN_VIEWS]
 * Prints TAP ("ok N - ..."/"not ok N - ...") and exits 1 on any failure.
 */
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

public class KpiViewsTest {
    private static final String SCHEMA = "employment_kpi";

    /* Types every BI tool maps natively.  pgjdbc reports boolean as BIT and
     * timestamptz as TIMESTAMP; both are accepted. */
    private static boolean standardType(int t) {
        switch (t) {
            case Types.VARCHAR: case Types.CHAR: case Types.LONGVARCHAR:
            case Types.SMALLINT: case Types.INTEGER: case Types.BIGINT:
            case Types.NUMERIC: case Types.DECIMAL: case Types.DOUBLE: case Types.REAL: case Types.FLOAT:
            case Types.DATE: case Types.TIMESTAMP: case Types.TIMESTAMP_WITH_TIMEZONE:
            case Types.BOOLEAN: case Types.BIT:
                return true;
            default:
                return false;
        }
    }

    public static void main(String[] args) throws Exception {
        Tap.requireArgs(args, 1, "KpiViewsTest JDBC_URL [MIN_VIEWS]");
        int minViews = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        try (Connection conn = DriverManager.getConnection(args[0])) {
            DatabaseMetaData md = conn.getMetaData();
            String esc = md.getSearchStringEscape();
            String pattern = "kpi" + esc + "_%";

            /* discovery, as a BI tool does it: views only */
            Map<String, String> views = new TreeMap<>();
            try (ResultSet rs = md.getTables(null, SCHEMA, pattern, new String[] {"VIEW"})) {
                while (rs.next())
                    views.put(rs.getString("TABLE_NAME"), rs.getString("REMARKS"));
            }
            Tap.check(views.size() >= minViews, "DatabaseMetaData.getTables finds the kpi_* views (" + views.size() + ")",
                      "expected at least " + minViews);
            /* nothing named kpi_* hides behind another table type */
            List<String> others = new ArrayList<>();
            try (ResultSet rs = md.getTables(null, SCHEMA, pattern, null)) {
                while (rs.next())
                    if (!"VIEW".equals(rs.getString("TABLE_TYPE")))
                        others.add(rs.getString("TABLE_NAME") + " (" + rs.getString("TABLE_TYPE") + ")");
            }
            Tap.check(others.isEmpty(), "every kpi_* relation is reported as a VIEW", "not views: " + others);

            for (Map.Entry<String, String> v : views.entrySet()) {
                String view = v.getKey();
                Tap.check(v.getValue() != null && !v.getValue().isBlank(), view + ": the view has a description", null);

                List<String> noRemarks = new ArrayList<>();
                List<String> badTypes = new ArrayList<>();
                int columns = 0;
                try (ResultSet rs = md.getColumns(null, SCHEMA, view, "%")) {
                    while (rs.next()) {
                        columns++;
                        String col = rs.getString("COLUMN_NAME");
                        String remarks = rs.getString("REMARKS");
                        if (remarks == null || remarks.isBlank())
                            noRemarks.add(col);
                        int t = rs.getInt("DATA_TYPE");
                        if (!standardType(t))
                            badTypes.add(col + " " + rs.getString("TYPE_NAME") + " (java.sql.Types " + t + ")");
                    }
                }
                Tap.check(columns > 0, view + ": getColumns lists " + columns + " columns", null);
                Tap.check(noRemarks.isEmpty(), view + ": every column has a description (REMARKS)", "without: " + noRemarks);
                Tap.check(badTypes.isEmpty(), view + ": getColumns reports only standard JDBC types", "non-standard: " + badTypes);

                /* read every row and every value */
                long rows = 0;
                List<String> badResultTypes = new ArrayList<>();
                String error = null;
                try (Statement st = conn.createStatement();
                     ResultSet rs = st.executeQuery("SELECT * FROM " + SCHEMA + "." + view)) {
                    ResultSetMetaData rmd = rs.getMetaData();
                    for (int i = 1; i <= rmd.getColumnCount(); i++)
                        if (!standardType(rmd.getColumnType(i)))
                            badResultTypes.add(rmd.getColumnName(i) + " " + rmd.getColumnTypeName(i));
                    while (rs.next()) {
                        rows++;
                        for (int i = 1; i <= rmd.getColumnCount(); i++)
                            rs.getObject(i);
                    }
                } catch (SQLException e) {
                    error = e.getSQLState() + ": " + e.getMessage();
                }
                Tap.check(error == null && rows > 0, view + ": read all " + rows + " rows", error);
                Tap.check(badResultTypes.isEmpty(), view + ": result set columns have standard JDBC types",
                          "non-standard: " + badResultTypes);
            }

            /* the storage behind the views is closed to a reader */
            String mvError = null;
            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM employment_kpi_internal.mv_group_week")) {
                rs.next();
            } catch (SQLException e) {
                mvError = e.getSQLState();
            }
            Tap.check("42501".equals(mvError), "a reader gets a permission error (42501) on mv_group_week",
                      "got " + mvError);
        }
        Tap.finish();
    }
}
