import Dispatch
import GatehouseCore
import Synchronization
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Spawning a CGI program: environment in, body on standard input, output read to the end.
enum CGIProcess {
    /// The program's standard output, or nil when it could not be started or was killed.
    static func run(executable: String, environment: [String: String], input: [UInt8]) -> [UInt8]? {
        var stdinPipe: [Int32] = [0, 0]
        var stdoutPipe: [Int32] = [0, 0]
        guard pipe(&stdinPipe) == 0 else { return nil }
        guard pipe(&stdoutPipe) == 0 else {
            close(stdinPipe[0])
            close(stdinPipe[1])
            return nil
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
        for descriptor in stdinPipe + stdoutPipe { posix_spawn_file_actions_addclose(&actions, descriptor) }

        let arguments = [executable]
        let variables = environment.map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let spawned = withCStrings(arguments) { argv in
            withCStrings(variables) { envp in posix_spawn(&pid, executable, &actions, nil, argv, envp) }
        }
        close(stdinPipe[0])
        close(stdoutPipe[1])
        guard spawned == 0 else {
            close(stdinPipe[1])
            close(stdoutPipe[0])
            return nil
        }
        // Bodies are at most 64 KiB, which fits the pipe buffer: writing cannot block on a child
        // that has not started reading.
        SystemAccess.writeAll(input, to: stdinPipe[1])
        close(stdinPipe[1])
        let output = SystemAccess.readExactly(nil, from: stdoutPipe[0], limit: 4 << 20)
        close(stdoutPipe[0])
        // The answer is complete when standard output closes; a function may still be running its
        // deferred work (an OTP delivery), so the child is reaped off the request path.
        let child = pid
        DispatchQueue.global().async {
            var status: Int32 = 0
            while waitpid(child, &status, 0) < 0 && errno == EINTR {}
        }
        return output
    }

    private static func withCStrings<R>(_ strings: [String], _ body: (inout [UnsafeMutablePointer<CChar>?]) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return body(&pointers)
    }
}
