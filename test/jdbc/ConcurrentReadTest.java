/*
 * test/jdbc/ConcurrentReadTest.java
 *
 * Readers never block on a refresh: one connection (the refresher) edits the
 * facts and runs refresh() and refresh(full => true) a bounded number of
 * times, while another connection (a plain reader) reads every kpi_* view in
 * a loop.  Every read must succeed without waiting for a lock: the reader
 * runs with lock_timeout, so a read blocked by the refresh fails (55P03).
 * How long reads take on a busy machine is printed, not judged.
 *
 * Usage: java -cp .:postgresql.jar ConcurrentReadTest READER_URL REFRESHER_URL [ROUNDS]
 * Prints TAP and exits 1 on any failure.
 */
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

public class ConcurrentReadTest {
    public static void main(String[] args) throws Exception {
        Tap.requireArgs(args, 2, "ConcurrentReadTest READER_URL REFRESHER_URL [ROUNDS]");
        final int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        final AtomicBoolean done = new AtomicBoolean(false);
        final List<String> refreshErrors = new ArrayList<>();
        final long[] refreshMillis = new long[1];

        List<String> views = new ArrayList<>();
        try (Connection reader = DriverManager.getConnection(args[0]);
             Statement st = reader.createStatement()) {
            try (ResultSet rs = st.executeQuery(
                     "SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'employment_kpi'::regnamespace "
                     + "AND c.relkind = 'v' AND c.relname LIKE 'kpi\\_%' ORDER BY 1")) {
                while (rs.next())
                    views.add(rs.getString(1));
            }
            Tap.check(!views.isEmpty(), "the reader finds " + views.size() + " kpi_* views", null);
            /* a read that waits for a lock held by the refresh fails instead */
            st.execute("SET lock_timeout = '200ms'");

            Thread refresher = new Thread(() -> {
                long t0 = System.nanoTime();
                try (Connection c = DriverManager.getConnection(args[1]);
                     Statement s = c.createStatement()) {
                    for (int i = 0; i < rounds; i++) {
                        /* a change that touches recent weeks, then an incremental and a full refresh */
                        s.execute("UPDATE employment_kpi.support_spell SET end_date = NULL, exit_reason = NULL "
                                  + "WHERE (citizen_id, source_id) IN (SELECT citizen_id, source_id "
                                  + "FROM employment_kpi.support_spell WHERE end_date IS NOT NULL "
                                  + "AND NOT EXISTS (SELECT 1 FROM employment_kpi.support_spell n "
                                  + "WHERE n.citizen_id = support_spell.citizen_id AND n.start_date > support_spell.start_date) "
                                  + "ORDER BY end_date DESC LIMIT 20)");
                        try (ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE NOT ok) FROM employment_kpi.refresh()")) {
                            rs.next();
                            if (rs.getLong(1) != 0)
                                refreshErrors.add("incremental refresh had failed relations");
                        }
                        try (ResultSet rs = s.executeQuery(
                                 "SELECT count(*) FILTER (WHERE NOT ok) FROM employment_kpi.refresh(full => true)")) {
                            rs.next();
                            if (rs.getLong(1) != 0)
                                refreshErrors.add("full refresh had failed relations");
                        }
                    }
                } catch (SQLException e) {
                    refreshErrors.add(e.getSQLState() + ": " + e.getMessage());
                } finally {
                    refreshMillis[0] = (System.nanoTime() - t0) / 1000000;
                    done.set(true);
                }
            });
            refresher.start();

            long reads = 0, maxMillis = 0;
            String slowest = "";
            List<String> readErrors = new ArrayList<>();
            /* bounded: stops when the refresher is done, or after 10 minutes */
            long deadline = System.currentTimeMillis() + 600000;
            while (!done.get() && System.currentTimeMillis() < deadline) {
                for (String v : views) {
                    long t0 = System.nanoTime();
                    try (ResultSet rs = st.executeQuery("SELECT * FROM employment_kpi." + v)) {
                        while (rs.next())
                            rs.getObject(1);
                    } catch (SQLException e) {
                        readErrors.add(v + ": " + e.getSQLState() + " " + e.getMessage());
                    }
                    long ms = (System.nanoTime() - t0) / 1000000;
                    reads++;
                    if (ms > maxMillis) {
                        maxMillis = ms;
                        slowest = v;
                    }
                }
            }
            refresher.join();
            Tap.check(refreshErrors.isEmpty(), "the refresher ran " + rounds + " incremental and " + rounds
                      + " full refreshes in " + refreshMillis[0] + " ms", String.valueOf(refreshErrors));
            Tap.check(reads >= 10, "the reader read the views " + reads + " times during the refreshes", null);
            Tap.check(readErrors.isEmpty(), "no read failed, none waited for a lock", String.valueOf(readErrors));
            System.out.println("# the slowest read took " + maxMillis + " ms (" + slowest + ")");
        }
        Tap.finish();
    }
}
