import ArgumentParser
import GatehouseCore
#if canImport(Glibc)
    import Glibc
#endif

/// A failure printed as `Error: …` (or JSON under `--json`) with its exit code: 1 unless said.
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    /// A short machine-readable code (`not_found`, `unavailable`, `configuration`, …).
    var code = "failed"
    var exitCode: Int32 = 1
    var description: String { message }

    init(message: String, code: String = "failed", exitCode: Int32 = 1) {
        self.message = message
        self.code = code
        self.exitCode = exitCode
    }

    /// A configuration error: exit 78 (EX_CONFIG), no usage text.
    init(configuration message: String) {
        self.init(message: message, code: "configuration", exitCode: 78)
    }
}
