/*
 * test/jdbc/Tap.java
 *
 * What the JDBC tests share: their arguments' check, TAP output ("ok N - ..."
 * / "not ok N - ...", a failure's diagnostic as a "# " line) and the exit
 * status (0 when every check passed, 1 on any failure, 2 on a usage error).
 */
final class Tap {
    private static int testNo = 0;
    private static int failures = 0;

    private Tap() {
    }

    /* Exits with status 2 and the usage line when there are fewer than min arguments. */
    static void requireArgs(String[] args, int min, String usage) {
        if (args.length < min) {
            System.err.println("usage: " + usage);
            System.exit(2);
        }
    }

    static void check(boolean cond, String what, String diag) {
        testNo++;
        System.out.println((cond ? "ok " : "not ok ") + testNo + " - " + what);
        if (!cond) {
            failures++;
            if (diag != null)
                System.out.println("# " + diag);
        }
    }

    /* Prints the plan and exits. */
    static void finish() {
        System.out.println("1.." + testNo);
        System.exit(failures == 0 ? 0 : 1);
    }
}
