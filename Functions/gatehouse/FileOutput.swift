import ArgumentParser
import GatehouseCore
#if canImport(Glibc)
    import Glibc
#endif

/// Text written straight to a file descriptor.
enum FileOutput {
    /// Writes `text` to standard error.
    static func standardError(_ text: String) {
        _ = text.utf8CString.withUnsafeBufferPointer { buffer in write(2, buffer.baseAddress, buffer.count - 1) }
    }
}
