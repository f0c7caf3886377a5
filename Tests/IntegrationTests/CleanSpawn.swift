import Foundation

/// Spawning children the way every test helper must: with no blocked or ignored signals (test
/// threads block most of them, and a child inheriting that mask could never be stopped with
/// SIGTERM) and with the arguments as C strings.
enum CleanSpawn {
    /// Runs `body` with spawn attributes that reset the child's signal mask and dispositions, and
    /// with `arguments` as a NULL-terminated `argv`.
    static func withAttributes<Result>(
        arguments: [String],
        _ body: (inout posix_spawnattr_t, [UnsafeMutablePointer<CChar>?]) -> Result
    ) -> Result {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = arguments.map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        return body(&attributes, argv)
    }
}
