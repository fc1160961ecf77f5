package dev.emporium.platform.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Finds a PostgreSQL server that a previous, killed JVM left running on a durable data directory
 * and stops it, so the directory can be started again.
 *
 * <p>The embedded server is a child of the JVM that started it. When that JVM dies without running
 * its shutdown hooks (SIGKILL, OOM killer), the server lives on, holds {@code postmaster.pid}, and
 * a new server on the same directory refuses to start. A server whose JVM is still alive (it holds
 * the directory's lock file) belongs to another running instance and is left alone: starting then
 * fails loudly rather than taking a live database away from its owner. An orphan gets SIGTERM (PostgreSQL's smart
 * shutdown: its clients died with their JVM, so it exits at once with a clean checkpoint) and,
 * if it has not exited within {@link #GRACE_SECONDS}, SIGKILL, after which PostgreSQL's crash
 * recovery replays the WAL on the next start: with fsync on, no committed row is lost either way.
 */
final class OrphanedPostgres {

    static final long GRACE_SECONDS = 30;

    private OrphanedPostgres() {}

    /** Stops an orphaned server on {@code dataDir}; tells {@code notices} what it did. */
    static void stopIfLeftBehind(Path dataDir, Consumer<String> notices) throws IOException {
        Optional<ProcessHandle> server = runningServer(dataDir);
        if (server.isEmpty()) {
            return;
        }
        ProcessHandle postmaster = server.get();
        if (ownedByLiveInstance(dataDir)) {
            throw new IOException("The data directory " + dataDir + " is in use by PostgreSQL (pid " + postmaster.pid()
                    + ") of another running instance; stop that instance or choose another emporium.embedded-db.dir");
        }
        notices.accept("Found PostgreSQL (pid " + postmaster.pid() + ") left running on " + dataDir
                + " by a previous run that did not shut down cleanly; stopping it before starting again");
        postmaster.destroy();
        try {
            postmaster.onExit().get(GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            notices.accept("PostgreSQL (pid " + postmaster.pid() + ") did not stop within " + GRACE_SECONDS
                    + " s; killing it (crash recovery will replay the WAL)");
            postmaster.destroyForcibly();
            postmaster.onExit().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while stopping the orphaned PostgreSQL", e);
        } catch (ExecutionException e) {
            throw new IOException("Could not stop the orphaned PostgreSQL", e);
        }
    }

    /**
     * The JVM running a server holds an exclusive lock on the directory's {@code epg-lock} file for
     * as long as it lives; the operating system drops it when that JVM dies, however it dies.
     */
    private static boolean ownedByLiveInstance(Path dataDir) throws IOException {
        Path lockFile = dataDir.resolve("epg-lock");
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            return lock == null;
        } catch (OverlappingFileLockException e) {
            return true;
        }
    }

    /** The live postmaster named by the directory's lock file, if any (a stale lock file is PostgreSQL's own business). */
    static Optional<ProcessHandle> runningServer(Path dataDir) throws IOException {
        Path lockFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(lockFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(lockFile);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(lines.getFirst().trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(OrphanedPostgres::isPostgres);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(c -> c.endsWith("postgres")).orElse(false);
    }
}
