#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few operating-system calls Core needs, kept here so the rest of Core stays portable.
public enum SystemAccess {
    /// The process environment as a dictionary.
    public static func environment() -> [String: String] {
        var count = 0
        while environ[count] != nil { count += 1 }
        // Sized once: growing a dictionary rehashes every entry so far, a cost paid at every start.
        var result: [String: String] = Dictionary(minimumCapacity: count)
        var pointer = environ
        while let entry = pointer.pointee {
            // Name and value straight from the C string's bytes: no String of the whole entry to cut
            // up and free (that cost ~2 K instructions an entry, some thirty at every start).
            let bytes = UnsafeBufferPointer(
                start: UnsafeRawPointer(entry).assumingMemoryBound(to: UInt8.self), count: strlen(entry))
            if let equals = bytes.firstIndex(of: UInt8(ascii: "=")) {
                result[String(decoding: bytes[..<equals], as: UTF8.self)] =
                    String(decoding: bytes[(equals + 1)...], as: UTF8.self)
            }
            pointer += 1
        }
        return result
    }

    /// The whole content of a file, or nil when it cannot be read or exceeds `limit` bytes.
    public static func readFile(_ path: String, limit: Int = 1 << 20) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var content: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { return content }
            content.append(contentsOf: buffer[0..<count])
            if content.count > limit { return nil }
        }
    }

    /// Replaces a file's content atomically (a temporary file beside it, then `rename`), so a
    /// concurrent reader sees the old content or the new, never part of it. False on any failure.
    @discardableResult
    public static func replaceFile(_ path: String, with bytes: [UInt8]) -> Bool {
        let temporary = "\(path).\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return false }
        writeAll(bytes, to: descriptor)
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }

    /// Writes all bytes to a file descriptor, retrying short writes.
    public static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }

    /// Reads up to `count` bytes from a file descriptor; fewer only when the input ends first.
    /// A count of nil reads to the end, failing (nil) past `limit`.
    public static func readExactly(_ count: Int?, from descriptor: Int32, limit: Int) -> [UInt8]? {
        let target = count ?? (limit + 1)
        var content = [UInt8](repeating: 0, count: min(target, 65_536))
        var filled = 0
        while filled < target {
            if filled == content.count {
                content.append(contentsOf: [UInt8](repeating: 0, count: min(target - filled, 65_536)))
            }
            let got = content.withUnsafeMutableBytes {
                read(descriptor, $0.baseAddress! + filled, min($0.count, target) - filled)
            }
            if got < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if got == 0 { break }
            filled += got
        }
        return Array(content[0..<filled])
    }

    /// Wall-clock time in milliseconds since the Unix epoch.
    public static func currentTimeMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    /// A monotonic clock reading in nanoseconds, for measuring durations.
    public static func monotonicNanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// Blocks the calling thread for about `milliseconds`.
    public static func sleep(milliseconds: Int) {
        var request = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
        var remaining = timespec()
        while nanosleep(&request, &remaining) == -1 && errno == EINTR { request = remaining }
    }
}
